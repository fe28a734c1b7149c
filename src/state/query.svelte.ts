/**
 * How panels read results: `new Query(() => session, key, read)` inside a component loads
 * `read(db, key, signal)` whenever `key()` changes (undefined: nothing to load), keeps the rows in
 * `$state.raw` (never proxied), holds the error as one line, drops the answers of superseded loads
 * and cancels the load that runs when the component goes away. The connector comes from the
 * source (the session), so components never hold it: `read` is one of the typed readers in
 * `lib/ops/<op>/read.ts` or `lib/explore/`. A key that names the run of the step it reads (its
 * report's `startedAt`) makes a re-run of that step load again although its table names stay the same.
 */
import { untrack } from 'svelte';
import { QueryCore } from './query-core';
import { oneLine } from '../lib/core/errors';
import type { DbConnector } from '../lib/data/connector';
import { runConsole, type ConsoleDb } from '../lib/explore/console';

/** What readers may use: reading rows, and the CSV/Parquet exports of a query. */
export type ReadDb = Pick<DbConnector, 'query' | 'exportCsv' | 'exportParquet'>;

/** Where the connector lives (the session); only state code reaches into it. */
export interface DbSource {
  readonly duck: ReadDb;
}

export class Query<K, T> {
  data = $state.raw<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(false);
  readonly #core = new QueryCore<T>((s) => {
    this.data = s.data;
    this.error = s.error;
    this.loading = s.loading;
  });

  constructor(
    source: () => DbSource,
    key: () => K | undefined,
    read: (db: ReadDb, key: K, signal: AbortSignal) => Promise<T>,
  ) {
    $effect(() => {
      const k = key();
      untrack(() =>
        k === undefined ? this.#core.reset() : void this.#core.run((signal) => read(source().duck, k, signal)),
      );
      return () => this.#core.cancel();
    });
  }
}

/**
 * Reads on demand (a click, an export): `await reads.run((db) => readX(db, …))` answers the value,
 * or undefined when it failed (the error held in one line) or a later run superseded it.
 */
export class Reads {
  error = $state<string | null>(null);
  busy = $state(false);
  #seq = 0;

  constructor(private readonly source: () => DbSource) {}

  async run<T>(read: (db: ReadDb) => Promise<T>): Promise<T | undefined> {
    const seq = ++this.#seq;
    this.error = null;
    this.busy = true;
    try {
      const value = await read(this.source().duck);
      return seq === this.#seq ? value : undefined;
    } catch (err) {
      if (seq === this.#seq) this.error = oneLine(err);
      return undefined;
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }
}

/**
 * One read among several in flight (the pages of a grid), whose caller decides what is stale:
 * the answer, or the error in one line.
 */
export async function readOnce<T>(
  source: DbSource,
  read: (db: ReadDb) => Promise<T>,
): Promise<{ data: T; error?: undefined } | { data?: undefined; error: string }> {
  try {
    return { data: await read(source.duck) };
  } catch (err) {
    return { error: oneLine(err) };
  }
}

/** The SQL console: runs what the user typed (its errors, with DuckDB's caret, are the console's to show). */
export const runConsoleSql = (source: { readonly duck: ConsoleDb }, text: string) => runConsole(source.duck, text);
