import { describe, it, expect } from 'vitest';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  fromHex,
  hmacHexAll,
  hmacKey,
  hmacSha256,
  newKdfParams,
  newSecret,
  passphraseKey,
  pbkdf2Bits,
  toHex,
  WrongPassphraseError,
  PBKDF2_ITERATIONS,
} from './crypto';

const bytes = (n: number, b: number) => new Uint8Array(n).fill(b);
const text = (s: string) => new TextEncoder().encode(s);

/**
 * RFC 4231 §4.2–4.8, HMAC-SHA-256 column, copied from the RFC (and re-checked with Python's
 * `hmac.new(key, data, hashlib.sha256).hexdigest()`). Case 5 is the RFC's 128-bit truncation.
 */
const RFC4231: Array<[name: string, key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>, mac: string]> = [
  ['1', bytes(20, 0x0b), text('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  [
    '2 (key shorter than the output)',
    text('Jefe'),
    text('what do ya want for nothing?'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  ],
  ['3', bytes(20, 0xaa), bytes(50, 0xdd), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
  [
    '4',
    Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    bytes(50, 0xcd),
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  ],
  ['5 (truncated to 128 bits)', bytes(20, 0x0c), text('Test With Truncation'), 'a3b6167473100ee06e0c796c2955552b'],
  [
    '6 (key larger than a block)',
    bytes(131, 0xaa),
    text('Test Using Larger Than Block-Size Key - Hash Key First'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
  [
    '7 (key and data larger than a block)',
    bytes(131, 0xaa),
    text(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  ],
];

describe('HMAC-SHA-256 (RFC 4231 test cases)', () => {
  for (const [name, key, data, mac] of RFC4231) {
    it(`test case ${name}`, async () => {
      const full = toHex(await hmacSha256(await hmacKey(key), data));
      expect(full.slice(0, mac.length)).toBe(mac);
    });
  }

  it('hashes many text values in batches, truncated to 16 bytes, the same as one at a time', async () => {
    const key = await hmacKey(text('Jefe'));
    const values = ['what do ya want for nothing?', 'alice@example.com', '', 'Zoë 上海'];
    const batched = await hmacHexAll(key, values, 16, 3);
    expect(batched[0]).toBe('5bdcc146bf60754e6a042426089575c7');
    for (const [i, v] of values.entries()) expect(batched[i]).toBe(toHex((await hmacSha256(key, v)).subarray(0, 16)));
    expect(new Set(batched).size).toBe(4);
    await expect(hmacHexAll(key, values, 8)).rejects.toThrow(/16\.\.32 bytes/);
  });

  it('a different secret gives different hashes; a new secret is 32 random bytes', async () => {
    const [a, b] = [newSecret(), newSecret()];
    expect(a.length).toBe(32);
    expect(toHex(a)).not.toBe(toHex(b));
    const [ha] = await hmacHexAll(await hmacKey(a), ['alice@example.com']);
    const [hb] = await hmacHexAll(await hmacKey(b), ['alice@example.com']);
    expect(ha).toMatch(/^[0-9a-f]{32}$/);
    expect(ha).not.toBe(hb);
  });
});

describe('PBKDF2-HMAC-SHA-256 (RFC 7914 §11 test vectors)', () => {
  it('P="passwd", S="salt", c=1, dkLen=64', async () => {
    expect(toHex(await pbkdf2Bits('passwd', text('salt'), 1, 512))).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
  });

  it('P="Password", S="NaCl", c=80000, dkLen=64', async () => {
    expect(toHex(await pbkdf2Bits('Password', text('NaCl'), 80000, 512))).toBe(
      '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d',
    );
  });

  it('new KDF parameters: a fresh 16-byte salt and at least the OWASP 2023 iteration count', () => {
    const [a, b] = [newKdfParams(), newKdfParams()];
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(a.iterations).toBe(PBKDF2_ITERATIONS);
    expect(a.salt.length).toBe(16);
    expect(toHex(a.salt)).not.toBe(toHex(b.salt));
    expect(() => newKdfParams(10_000)).toThrow(/at least 600000/);
  });
});

describe('AES-GCM-256', () => {
  // McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13 and 14 (256-bit zero
  // key, 96-bit zero IV); re-checked with Python `cryptography`'s AESGCM.
  it('matches GCM test cases 13 and 14 (zero key and IV)', async () => {
    const key = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(32), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    const empty = await aesGcmEncrypt(key, new Uint8Array(0), new Uint8Array(12));
    expect(toHex(new Uint8Array(empty.data))).toBe('530f8afbc74536b9a963b4f1c4cb738b');
    const block = await aesGcmEncrypt(key, new Uint8Array(16), new Uint8Array(12));
    expect(toHex(new Uint8Array(block.data))).toBe(
      'cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919',
    );
    expect(await aesGcmDecrypt(key, block)).toEqual(new Uint8Array(16));
  });

  it('round-trips with a passphrase key; a wrong passphrase or altered data fails with a clear error', async () => {
    const kdf = newKdfParams();
    const key = await passphraseKey('correct horse battery staple', kdf.salt, kdf.iterations);
    const sealed = await aesGcmEncrypt(key, text('{"recipe":1}'));
    expect(sealed.iv.length).toBe(12);
    expect(new TextDecoder().decode(await aesGcmDecrypt(key, sealed))).toBe('{"recipe":1}');
    // A second encryption of the same plaintext uses a new IV, so the ciphertexts differ.
    const again = await aesGcmEncrypt(key, text('{"recipe":1}'));
    expect(toHex(again.iv)).not.toBe(toHex(sealed.iv));
    expect(toHex(new Uint8Array(again.data))).not.toBe(toHex(new Uint8Array(sealed.data)));

    const wrong = await passphraseKey('Correct horse battery staple', kdf.salt, kdf.iterations);
    await expect(aesGcmDecrypt(wrong, sealed)).rejects.toThrow(WrongPassphraseError);
    await expect(aesGcmDecrypt(wrong, sealed)).rejects.toThrow(/wrong passphrase.*nothing was changed/);
    const tampered = new Uint8Array(sealed.data.slice(0));
    tampered[0]! ^= 1;
    await expect(aesGcmDecrypt(key, { iv: sealed.iv, data: tampered.buffer })).rejects.toThrow(WrongPassphraseError);
    await expect(passphraseKey('', kdf.salt)).rejects.toThrow(/empty/);
  });

  it('hex helpers round-trip and refuse junk', () => {
    expect(toHex(fromHex('00ff10'))).toBe('00ff10');
    expect(() => fromHex('xyz')).toThrow(/hex/);
  });
});
