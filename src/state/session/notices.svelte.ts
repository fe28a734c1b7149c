/** Short non-blocking messages ("rfm1 done in 0.4 s") that fade on their own, and the one-line error. */
import { oneLine } from '../../lib/core/errors';

/** `cancelled` is neutral: the user stopped something, nothing went wrong. */
export type NoticeKind = 'ok' | 'error' | 'cancelled';

export interface Notice {
  id: number;
  text: string;
  kind: NoticeKind;
}

/** At most this many notices show at once (the oldest gives way), each for NOTICE_MS. */
export const NOTICES_SHOWN = 4;
export const NOTICE_MS = 6000;

export class Notices {
  /** Newest last. */
  list = $state.raw<Notice[]>([]);
  /** The last error, one line, as the user should read it. */
  error = $state<string | null>(null);
  #lastId = 0;

  notify(text: string, kind: NoticeKind = 'ok'): void {
    const id = ++this.#lastId;
    this.list = [...this.list.slice(-(NOTICES_SHOWN - 1)), { id, text, kind }];
    setTimeout(() => (this.list = this.list.filter((n) => n.id !== id)), NOTICE_MS);
  }

  /** Show what a failed action threw as the one-line error (for a promise a component started). */
  fail(err: unknown): void {
    this.error = oneLine(err);
  }
}
