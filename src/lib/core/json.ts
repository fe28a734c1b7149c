/**
 * Values as JSON writes them: what a step's summary, a run's report and a message between workers
 * carry. Shared by ops, the engine, the report and the workers, so it sits below all of them.
 */

/** One JSON scalar: a table cell as the connector returns it is one (data/connector `Cell`). */
export type Scalar = string | number | boolean | null;

export type Json = Scalar | Json[] | { [key: string]: Json };
