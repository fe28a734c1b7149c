import { describe, it, expect } from 'vitest';
import { QueryCore, type QueryState } from './query-core';

/** A load whose answer the test releases when it wants. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('QueryCore', () => {
  it('keeps the answer of the latest load and drops a slower, superseded one', async () => {
    const seen: Array<QueryState<string>> = [];
    const q = new QueryCore<string>((s) => seen.push(s));
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = q.run(() => slow.promise);
    const second = q.run(() => fast.promise);
    fast.resolve('new');
    await second;
    slow.resolve('old');
    await first;
    expect(q.state).toEqual({ data: 'new', error: null, loading: false });
    expect(seen.map((s) => s.data)).not.toContain('old');
  });

  it('holds the error of the current load in one line, and keeps the last good answer beside it', async () => {
    const q = new QueryCore<number>();
    await q.run(async () => 1);
    await q.run(async () => {
      throw new Error('{"exception_type":"Catalog","exception_message":"Table with name rules does not exist!"}');
    });
    expect(q.state).toEqual({ data: 1, error: 'Catalog Error: Table with name rules does not exist!', loading: false });
    // The next load that succeeds clears it.
    await q.run(async () => 2);
    expect(q.state).toEqual({ data: 2, error: null, loading: false });
  });

  it('drops the error of a superseded load', async () => {
    const q = new QueryCore<number>();
    const failing = deferred<number>();
    const first = q.run(() => failing.promise);
    await q.run(async () => 7);
    failing.reject(new Error('boom'));
    await first;
    expect(q.state).toEqual({ data: 7, error: null, loading: false });
  });

  it('cancels on cleanup: the signal aborts and the answer is dropped', async () => {
    const q = new QueryCore<string>();
    const pending = deferred<string>();
    let signal: AbortSignal | undefined;
    const done = q.run((s) => ((signal = s), pending.promise));
    await Promise.resolve();
    expect(q.state.loading).toBe(true);
    q.cancel();
    expect(signal?.aborted).toBe(true);
    expect(q.state.loading).toBe(false);
    pending.resolve('late');
    await done;
    expect(q.state.data).toBeUndefined();
  });

  it('reset forgets the answer and the error', async () => {
    const q = new QueryCore<string>();
    await q.run(async () => 'a');
    q.reset();
    expect(q.state).toEqual({ data: undefined, error: null, loading: false });
  });
});
