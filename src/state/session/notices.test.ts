import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notices } from './notices.svelte';

describe('notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the newest four, oldest first, the fifth pushing out the oldest', () => {
    const notices = new Notices();
    for (const text of ['a', 'b', 'c', 'd', 'e']) notices.notify(text);
    expect(notices.list.map((n) => n.text)).toEqual(['b', 'c', 'd', 'e']);
    expect(new Set(notices.list.map((n) => n.id)).size).toBe(4);
  });

  it('lets each notice fade six seconds after it came, whatever came after it', () => {
    const notices = new Notices();
    notices.notify('first');
    vi.advanceTimersByTime(4000);
    notices.notify('stopped', 'cancelled');
    vi.advanceTimersByTime(1999);
    expect(notices.list.map((n) => n.text)).toEqual(['first', 'stopped']);
    vi.advanceTimersByTime(1);
    expect(notices.list).toEqual([{ id: 2, text: 'stopped', kind: 'cancelled' }]);
    vi.advanceTimersByTime(4000);
    expect(notices.list).toEqual([]);
  });

  it('marks a notice ok unless told otherwise', () => {
    const notices = new Notices();
    notices.notify('done');
    notices.notify('boom', 'error');
    expect(notices.list.map((n) => n.kind)).toEqual(['ok', 'error']);
  });

  it('shows what a failed action threw as one line: the message of an Error, DuckDB\u2019s JSON read', () => {
    const notices = new Notices();
    notices.fail(new Error('could not fetch /samples/x.recipe.json: 404'));
    expect(notices.error).toBe('could not fetch /samples/x.recipe.json: 404');
    notices.fail(new Error('{"exception_type":"Catalog","exception_message":"Table x does not exist"}'));
    expect(notices.error).toBe('Catalog Error: Table x does not exist');
  });
});
