import { describe, it, expect } from 'vitest';
import { CrashGuard, DuckDBCrashed, isOutOfMemory, isWasmCrash, type Instance } from './crash';

/** A stand-in for a DuckDB-WASM instance: numbered, with a worker that can die. */
class Fake implements Instance {
  stopped = false;
  died: Promise<never>;
  kill!: (err: Error) => void;
  constructor(readonly n: number) {
    this.died = new Promise<never>((_, reject) => (this.kill = reject));
    this.died.catch(() => undefined);
  }
  stop() {
    this.stopped = true;
  }
}

function guard(failStart?: (n: number) => boolean) {
  const made: Fake[] = [];
  const g = new CrashGuard(async () => {
    const f = new Fake(made.length + 1);
    made.push(f);
    if (failStart?.(f.n)) throw new Error('instantiate failed');
    return f;
  });
  return { g, made };
}

describe('DuckDB crashes', () => {
  it('tells a WebAssembly abort from an ordinary error and from running out of memory', () => {
    expect(isWasmCrash(new Error('RuntimeError: unreachable'))).toBe(true);
    expect(isWasmCrash(new Error('RuntimeError: Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isWasmCrash(new Error('memory access out of bounds'))).toBe(true);
    expect(isWasmCrash(new Error('DuckDB worker died: Uncaught RangeError'))).toBe(true);
    expect(isWasmCrash(new Error('Catalog Error: Table with name x does not exist!'))).toBe(false);
    const oom = new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (22.8 MiB/22.8 MiB used)');
    expect(isWasmCrash(oom)).toBe(false);
    expect(isOutOfMemory(oom)).toBe(true);
    expect(isOutOfMemory(new Error('{"exception_type":"Out of Memory","exception_message":"…"}'))).toBe(true);
  });

  it('a trap fails the call with one line, replaces the instance, and the next call works on the new one', async () => {
    const { g, made } = guard();
    const reattached: number[] = [];
    g.onRestart = async (f) => void reattached.push(f.n);
    expect(await g.run(async (f) => f.n)).toBe(1);
    const err = await g
      .run(async () => {
        throw new Error('RuntimeError: unreachable');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuckDBCrashed);
    expect((err as Error).message).toBe(
      'DuckDB crashed (RuntimeError: unreachable) and was restarted: every table it held in memory was lost ' +
        '(files and the recipe are kept); run the recipe again to reload them',
    );
    expect(made[0]!.stopped).toBe(true);
    expect(g.restarts).toBe(1);
    expect(reattached).toEqual([2]);
    expect(await g.run(async (f) => f.n)).toBe(2);
  });

  it('a worker that dies with a call pending fails that call instead of leaving it waiting forever', async () => {
    const { g } = guard();
    const inst = await g.instance;
    const pending = g.run(() => new Promise<number>(() => {}));
    inst.kill(new Error('DuckDB worker died: out of memory'));
    await expect(pending).rejects.toThrow(/^DuckDB crashed \(DuckDB worker died: out of memory\) and was restarted/);
    expect(await g.run(async (f) => f.n)).toBe(2);
  });

  it('calls failing on one crash restart it once', async () => {
    const { g, made } = guard();
    const trap = () =>
      g.run(async () => {
        throw new Error('RuntimeError: unreachable');
      });
    const results = await Promise.allSettled([trap(), trap(), trap()]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(g.restarts).toBe(1);
    expect(made).toHaveLength(2);
  });

  it('an ordinary error or out of memory leaves the instance in service', async () => {
    const { g, made } = guard();
    await expect(
      g.run(async () => {
        throw new Error('Out of Memory Error: could not allocate block');
      }),
    ).rejects.toThrow(/^Out of Memory Error/);
    expect(made).toHaveLength(1);
    expect(g.restarts).toBe(0);
  });

  it('says so when the restart itself fails', async () => {
    const { g } = guard((n) => n === 2);
    await expect(
      g.run(async () => {
        throw new Error('RuntimeError: unreachable');
      }),
    ).rejects.toThrow(/^DuckDB crashed \(RuntimeError: unreachable\) and could not be restarted; reload the page$/);
  });
});
