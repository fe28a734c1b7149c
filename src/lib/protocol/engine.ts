/** What the UI thread asks of the compute worker (the engine host). */
import type { OpPreview, Progress } from '../core/step';
import type { Report } from '../recipe/report';

export interface RunRequest {
  /** The recipe as JSON (validated by the engine). */
  recipe: unknown;
  /** Files for sources, by source name (File objects are cloned by reference, not copied). */
  files?: Record<string, Blob>;
  /** Files loaded before, by source name: read again only where a source's table is missing. */
  kept?: Record<string, Blob>;
  /** Run only these steps; sources without a file are reused if already loaded. */
  only?: string[];
  /** Base URL for sources not in `files` (deep link / samples): same origin only. */
  recipeUrl?: string;
  environment?: Record<string, string>;
  /** The session's reports of steps run before (a partial run's ops see their summaries as `upstream`). */
  earlier?: Report['steps'];
}

export interface EngineApi {
  /** Connect to the DuckDB worker and the training worker through ports made by the main thread. */
  connect(duckPort: MessagePort, trainingPort: MessagePort): Promise<void>;
  /** Talk to a new training worker (the session restarted it after a cancel it could not honour in time). */
  connectTraining(trainingPort: MessagePort): Promise<void>;
  run(request: RunRequest, onProgress: (p: Progress) => void): Promise<Report>;
  /** What one step would do, without creating anything. */
  preview(recipe: unknown, stepId: string): Promise<OpPreview>;
  cancel(): void;
}

export interface TrainingApi {
  /** Probe backends without training, for the UI badge. */
  probe(): Promise<{ plan: string[]; reasons: string[] }>;
}
