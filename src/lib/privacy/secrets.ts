/**
 * Where keyed-hashing secrets come from. A recipe only *names* a secret (`secretRef`); the bytes
 * never appear in a recipe, a report or a message to the UI thread. The engine gets a `Secrets`
 * provider in its options and hands it to ops through `OpContext.secrets`: in the app that is
 * the IndexedDB store of src/lib/storage/secrets.ts, opened inside the compute worker itself; in
 * tests it is `memorySecrets`.
 */
import { hmacKey, newSecret } from './crypto';

export interface Secrets {
  /** The HMAC-SHA-256 key stored under `ref`, created from 32 random bytes on first use. */
  hmacKey(ref: string): Promise<CryptoKey>;
}

/** Secrets held in memory for the life of the object (tests; a context with no storage). */
export function memorySecrets(initial: Record<string, Uint8Array<ArrayBuffer>> = {}): Secrets {
  const raw = new Map(Object.entries(initial));
  return {
    async hmacKey(ref) {
      if (!raw.has(ref)) raw.set(ref, newSecret());
      return hmacKey(raw.get(ref)!);
    },
  };
}

/** Names a secret may have (they are keys in the browser's store, shown in the report). */
export const SECRET_REF = /^[A-Za-z0-9_.-]{1,64}$/;
