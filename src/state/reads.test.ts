/** Reads (on-demand reads of results): the value, the error in one line, and a superseded run dropped. */
import { describe, it, expect } from 'vitest';
import { Reads, readOnce, type ReadDb } from './query.svelte';

/** A connector whose query answers when `release(i)` is called for the i-th call. */
function fakeDb() {
  const pending: Array<{ resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  const db = {
    query: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
  } as unknown as ReadDb;
  return { source: () => ({ duck: db }), pending };
}

describe('Reads', () => {
  it('answers the value and clears a previous error', async () => {
    const { source, pending } = fakeDb();
    const reads = new Reads(source);
    const failed = reads.run((db) => db.query('x'));
    pending[0]!.reject(new Error('Catalog Error: Table "a" does not exist!\nLINE 1: SELECT'));
    expect(await failed).toBeUndefined();
    expect(reads.error).toBe('Catalog Error: Table "a" does not exist!');
    const ok = reads.run((db) => db.query('y'));
    expect(reads.error).toBeNull();
    pending[1]!.resolve({ rows: [1] });
    expect(await ok).toEqual({ rows: [1] });
    expect(reads.busy).toBe(false);
  });

  it('drops the answer and the error of a run that a later one superseded', async () => {
    const { source, pending } = fakeDb();
    const reads = new Reads(source);
    const first = reads.run((db) => db.query('first'));
    const second = reads.run((db) => db.query('second'));
    pending[0]!.reject(new Error('late failure'));
    expect(await first).toBeUndefined();
    expect(reads.error).toBeNull();
    expect(reads.busy).toBe(true);
    pending[1]!.resolve('second answer');
    expect(await second).toBe('second answer');
    expect(reads.busy).toBe(false);
  });
});

describe('readOnce', () => {
  it('never rejects: the data, or the error in one line', async () => {
    const { source, pending } = fakeDb();
    const a = readOnce(source(), (db) => db.query('a'));
    const b = readOnce(source(), (db) => db.query('b'));
    pending[0]!.resolve('rows');
    pending[1]!.reject(new Error('Binder Error: no such column\nLINE 1: SELECT nope'));
    expect(await a).toEqual({ data: 'rows' });
    expect(await b).toEqual({ error: 'Binder Error: no such column' });
  });
});
