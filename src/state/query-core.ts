/**
 * The logic behind `Query` (query.svelte.ts), without runes so that Node tests can run it: one
 * load at a time, the answer of a load that was superseded or cancelled dropped, the error of
 * the current one kept (in one line), the last good answer kept while a new load runs.
 */
import { oneLine } from '../lib/core/errors';

export interface QueryState<T> {
  /** The last answer of a load that was current when it came (undefined before the first). */
  data: T | undefined;
  /** Why the current load failed, in one line; null while it runs or once it succeeded. */
  error: string | null;
  loading: boolean;
}

export class QueryCore<T> {
  state: QueryState<T> = { data: undefined, error: null, loading: false };
  #seq = 0;
  #controller: AbortController | null = null;

  constructor(private readonly onChange: (state: QueryState<T>) => void = () => {}) {}

  /** Start a load; the one running is cancelled, and its answer or error will be dropped. */
  run(load: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.cancel();
    const seq = ++this.#seq;
    const controller = new AbortController();
    this.#controller = controller;
    this.#set({ loading: true, error: null });
    const current = () => seq === this.#seq && !controller.signal.aborted;
    return Promise.resolve()
      .then(() => load(controller.signal))
      .then(
        (data) => {
          if (current()) this.#set({ data, loading: false });
        },
        (err: unknown) => {
          if (current()) this.#set({ error: oneLine(err), loading: false });
        },
      )
      .finally(() => {
        if (this.#controller === controller) this.#controller = null;
      });
  }

  /** Cancel the load that runs (on cleanup, or before the next): whatever it answers is dropped. */
  cancel(): void {
    if (!this.#controller) return;
    this.#controller.abort();
    this.#controller = null;
    this.#seq++;
    if (this.state.loading) this.#set({ loading: false });
  }

  /** Nothing to load (no table yet): forget the answer and any error. */
  reset(): void {
    this.cancel();
    this.#set({ data: undefined, error: null, loading: false });
  }

  #set(patch: Partial<QueryState<T>>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }
}
