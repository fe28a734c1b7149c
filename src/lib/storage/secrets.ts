/**
 * The keyed-hashing secrets of this browser, in IndexedDB (`custodian-secrets`, store `secrets`,
 * key = the recipe's `secretRef`, value = 32 random bytes). The compute worker opens it itself, so
 * the bytes never cross to the UI thread; "forget everything" deletes the database with the rest.
 *
 * The connection is opened per call and closed at once: a long-lived one would block
 * `indexedDB.deleteDatabase` (it waits for every connection to close), and nothing is cached in
 * memory, so a forgotten secret is really gone.
 */
import { openDB } from 'idb';
import { hmacKey, newSecret } from '../privacy/crypto';
import type { Secrets } from '../privacy/secrets';

export const SECRETS_DB = 'custodian-secrets';
const STORE = 'secrets';

function open(name: string) {
  return openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

/** The secret named `ref`, created on first use. Get-or-create runs in one readwrite transaction, so two first uses agree. */
export async function secretBytes(ref: string, name = SECRETS_DB): Promise<Uint8Array<ArrayBuffer>> {
  const db = await open(name);
  try {
    const tx = db.transaction(STORE, 'readwrite');
    let secret = (await tx.store.get(ref)) as Uint8Array<ArrayBuffer> | undefined;
    if (!secret) {
      secret = newSecret();
      await tx.store.put(secret, ref);
    }
    await tx.done;
    return new Uint8Array(secret);
  } finally {
    db.close();
  }
}

export function idbSecrets(name = SECRETS_DB): Secrets {
  return { hmacKey: async (ref) => hmacKey(await secretBytes(ref, name)) };
}
