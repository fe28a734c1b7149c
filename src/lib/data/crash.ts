/**
 * DuckDB-WASM can die: a WebAssembly trap (`unreachable`, `RuntimeError: Aborted()`, an access out
 * of bounds) leaves its instance unusable, and a worker that dies outright never answers its
 * pending calls (duckdb-wasm drops them without rejecting). The guard here runs every call against
 * the instance in service, turns such a death into one clear error, and starts a fresh instance, so
 * the app keeps working. In-memory tables die with the old instance; `onRestart` is where tables
 * kept elsewhere (a persisted database) are attached again.
 */

/** DuckDB's own memory error: the statement failed, the instance is fine (not a crash). */
export function isOutOfMemory(err: unknown): boolean {
  // Arrow inserts report it as JSON (`"exception_type":"Out of Memory"`), statements as `Out of Memory Error:`.
  return /Out of Memory/.test(messageOf(err));
}

/** A WebAssembly abort, or the worker gone: the instance is dead. */
export function isWasmCrash(err: unknown): boolean {
  if (err instanceof DuckDBCrashed) return false;
  const message = messageOf(err);
  if (/DuckDB worker died/.test(message)) return true;
  if (isOutOfMemory(err)) return false;
  return /\bunreachable\b|RuntimeError|Aborted\(|memory access out of bounds|call stack size exceeded/i.test(message);
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** What a call that hit a crash throws (one line: what happened, what was lost, what to do). */
export class DuckDBCrashed extends Error {
  constructor(cause: string, restarted: boolean) {
    super(
      `DuckDB crashed (${cause.split('\n')[0]!.slice(0, 120)}) and ` +
        (restarted
          ? `was restarted: every table it held in memory was lost (files and the recipe are kept); run the recipe again to reload them`
          : `could not be restarted; reload the page`),
    );
    this.name = 'DuckDBCrashed';
  }
}

export interface Instance {
  /** Rejects when the instance's worker dies; never resolves otherwise. */
  died: Promise<never>;
  /** Frees the instance (terminates its worker). */
  stop(): void;
}

export class CrashGuard<T extends Instance> {
  #current: Promise<T>;
  /** How many times a dead instance was replaced (tests, diagnostics). */
  restarts = 0;
  /** Called with each replacement instance before it takes calls: reattach persisted tables here. */
  onRestart: ((instance: T) => Promise<void>) | undefined;

  constructor(private readonly start: () => Promise<T>) {
    this.#current = start();
  }

  get instance(): Promise<T> {
    return this.#current;
  }

  /** Run `call` on the instance in service; a crash replaces the instance and throws DuckDBCrashed. */
  async run<R>(call: (instance: T) => Promise<R>): Promise<R> {
    const current = this.#current;
    const instance = await current;
    try {
      return await Promise.race([call(instance), instance.died]);
    } catch (err) {
      if (!isWasmCrash(err)) throw err;
      // Several calls may fail on one crash: the first replaces the instance, the others wait for it.
      if (this.#current === current) this.#replace(instance);
      const restarted = await this.#current.then(
        () => true,
        () => false,
      );
      throw new DuckDBCrashed(err instanceof Error ? err.message : String(err), restarted);
    }
  }

  #replace(dead: T): void {
    this.restarts++;
    try {
      dead.stop();
    } catch {
      // already gone
    }
    this.#current = this.start().then(async (fresh) => {
      await this.onRestart?.(fresh);
      return fresh;
    });
  }
}
