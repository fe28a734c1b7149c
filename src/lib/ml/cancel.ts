/**
 * Cancelling a training run. The training loops run in a worker whose stop request arrives as a
 * message, and a message is only handled when the loop gives the event loop a turn: awaiting a
 * tensor read is not enough (on the CPU and WASM backends it settles as a microtask). So every
 * loop calls a checkpoint between mini-batches and epochs: it yields now and then, and throws
 * `CancelledError` once a stop was asked for; the loop's `finally` blocks dispose its tensors.
 */

/** The user cancelled: not a failure. Its name survives a worker boundary (Comlink copies name and message). */
export class CancelledError extends Error {
  override name = 'Cancelled';
  constructor(message = 'cancelled') {
    super(message);
  }
}

/** A cancellation, whether thrown here, by an AbortSignal (`AbortError`), or copied across a worker boundary. */
export function isCancellation(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'Cancelled' || name === 'AbortError';
}

/** Give queued messages a turn: a MessageChannel round trip (setTimeout(0) is clamped to 4 ms when nested). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      port2.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** How often a checkpoint yields: often enough for a stop to land well inside the 2 s a cancel may take. */
export const YIELD_MS = 25;

/**
 * A checkpoint for one training run: call it between mini-batches and epochs. It yields to the
 * event loop when `everyMs` have passed since it last did, then throws `CancelledError` if
 * `shouldStop` says so.
 */
export function checkpoint(shouldStop: (() => boolean) | undefined, everyMs = YIELD_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last >= everyMs) {
      await yieldToEventLoop();
      last = performance.now();
    }
    if (shouldStop?.()) throw new CancelledError();
  };
}
