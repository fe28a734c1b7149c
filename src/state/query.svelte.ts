/**
 * How panels read results: `new Query(key, load)` inside a component loads `load(key)` whenever
 * `key()` changes (undefined: nothing to load), keeps the rows in `$state.raw` (never proxied),
 * holds the error as one line, drops the answers of superseded loads and cancels the load that
 * runs when the component goes away. A key that names the run of the step it reads (its report's
 * `startedAt`) makes a re-run of that step load again although its table names stay the same.
 */
import { untrack } from 'svelte';
import { QueryCore } from './query-core';

export class Query<K, T> {
  data = $state.raw<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(false);
  readonly #core = new QueryCore<T>((s) => {
    this.data = s.data;
    this.error = s.error;
    this.loading = s.loading;
  });

  constructor(key: () => K | undefined, load: (key: K, signal: AbortSignal) => Promise<T>) {
    $effect(() => {
      const k = key();
      untrack(() => (k === undefined ? this.#core.reset() : void this.#core.run((signal) => load(k, signal))));
      return () => this.#core.cancel();
    });
  }
}
