/**
 * Bounded top-k selection: a binary min-heap of at most k (id, score, because) entries whose root
 * is the worst kept entry, so each candidate costs O(1) when it loses and O(log k) when it wins —
 * O(n log k) for n candidates instead of sorting all n (Knuth, TAOCP vol. 3 §5.2.3).
 *
 * Order: higher score first; equal scores go to the smaller id, so results never depend on the
 * order candidates arrive in. `because` rides along (the history item behind a score, …).
 * One instance is reused across customers: `reset()` then `push()`, then `drain()`.
 */
export class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private readonly because: Int32Array;
  private size = 0;

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`top-k needs k ≥ 1, got ${k}`);
    this.ids = new Int32Array(k);
    this.scores = new Float64Array(k);
    this.because = new Int32Array(k);
  }

  get length(): number {
    return this.size;
  }

  reset(): void {
    this.size = 0;
  }

  /** Offer one candidate. */
  push(id: number, score: number, because = -1): void {
    if (this.size < this.k) {
      let at = this.size++;
      // Sift up: move worse parents down until the new entry's parent is worse than it.
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(score, id, this.scores[parent]!, this.ids[parent]!)) break;
        this.set(at, this.ids[parent]!, this.scores[parent]!, this.because[parent]!);
        at = parent;
      }
      this.set(at, id, score, because);
      return;
    }
    if (!worse(this.scores[0]!, this.ids[0]!, score, id)) return;
    this.siftDown(id, score, because);
  }

  /** The kept entries, best first; the heap is empty afterwards. */
  drain(): { ids: Int32Array; scores: Float64Array; because: Int32Array } {
    const n = this.size;
    const ids = new Int32Array(n);
    const scores = new Float64Array(n);
    const because = new Int32Array(n);
    // Pop the worst repeatedly, filling from the back.
    for (let at = n - 1; at >= 0; at--) {
      ids[at] = this.ids[0]!;
      scores[at] = this.scores[0]!;
      because[at] = this.because[0]!;
      this.size--;
      if (this.size > 0) this.siftDown(this.ids[this.size]!, this.scores[this.size]!, this.because[this.size]!);
    }
    return { ids, scores, because };
  }

  /** Put (id, score, because) at the root and sift it down. */
  private siftDown(id: number, score: number, because: number): void {
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child =
        right < this.size && worse(this.scores[right]!, this.ids[right]!, this.scores[left]!, this.ids[left]!)
          ? right
          : left;
      if (!worse(this.scores[child]!, this.ids[child]!, score, id)) break;
      this.set(at, this.ids[child]!, this.scores[child]!, this.because[child]!);
      at = child;
    }
    this.set(at, id, score, because);
  }

  private set(at: number, id: number, score: number, because: number): void {
    this.ids[at] = id;
    this.scores[at] = score;
    this.because[at] = because;
  }
}

/** Whether (scoreA, idA) ranks below (scoreB, idB). */
function worse(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}
