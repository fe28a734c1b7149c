import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { idbSecrets, secretBytes, SECRETS_DB } from './secrets';
import { hmacHexAll } from '../privacy/crypto';

const hash = async (key: CryptoKey) => (await hmacHexAll(key, ['alice@example.com']))[0];

describe('secrets in IndexedDB', () => {
  it('creates a 32-byte secret on first use and returns the same one afterwards, from any instance', async () => {
    const first = await secretBytes('project', 'secrets-test-1');
    expect(first).toHaveLength(32);
    expect(await secretBytes('project', 'secrets-test-1')).toEqual(first);
    const [a, b] = [idbSecrets('secrets-test-1'), idbSecrets('secrets-test-1')];
    expect(await hash(await a.hmacKey('project'))).toBe(await hash(await b.hmacKey('project')));
    expect(await hash(await a.hmacKey('other'))).not.toBe(await hash(await a.hmacKey('project')));
  });

  it('two first uses at once agree on one secret', async () => {
    const [x, y] = await Promise.all([secretBytes('race', 'secrets-test-2'), secretBytes('race', 'secrets-test-2')]);
    expect(x).toEqual(y);
  });

  it('deleting the database forgets the secret: the next one is new', async () => {
    const before = await secretBytes('project', 'secrets-test-3');
    await new Promise<void>((done) => (indexedDB.deleteDatabase('secrets-test-3').onsuccess = () => done()));
    expect(await secretBytes('project', 'secrets-test-3')).not.toEqual(before);
    expect(SECRETS_DB).toBe('custodian-secrets');
  });
});
