/**
 * WebCrypto helpers for the privacy features: keyed hashing of identifiers (HMAC-SHA-256) and
 * passphrase encryption at rest (PBKDF2-SHA-256 → AES-GCM-256). Only `globalThis.crypto`, a web
 * standard that browsers, workers and Node ≥ 20 all provide, so this runs the same in tests.
 */

/** OWASP Password Storage Cheat Sheet (2023): PBKDF2-HMAC-SHA256 needs ≥ 600,000 iterations. */
export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
/** AES-GCM's recommended nonce size (NIST SP 800-38D §8.2): 96 bits, fresh for every encryption. */
const IV_BYTES = 12;

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available here (it needs a secure context: https or localhost)');
  return s;
};

const utf8 = new TextEncoder();

/** `n` bytes from the platform's CSPRNG. */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** A new 256-bit secret for keyed hashing (HMAC keys should be at least the hash length, RFC 2104 §3). */
export function newSecret(): Uint8Array<ArrayBuffer> {
  return randomBytes(32);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error('not a hex string');
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** An HMAC-SHA-256 key from raw secret bytes; not extractable again. */
export function hmacKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** HMAC-SHA-256 of `message` (text is UTF-8 encoded): 32 bytes. */
export async function hmacSha256(
  key: CryptoKey,
  message: Uint8Array<ArrayBuffer> | string,
): Promise<Uint8Array<ArrayBuffer>> {
  const data = typeof message === 'string' ? utf8.encode(message) : message;
  return new Uint8Array(await subtle().sign('HMAC', key, data));
}

/**
 * Keyed hashes of many values, as lower-case hex of the first `bytes` bytes of each HMAC (16 by
 * default: 128 bits, RFC 2104 §5 allows truncation to at least half the output). Runs in batches so a
 * million distinct values do not queue a million promises at once.
 */
export async function hmacHexAll(
  key: CryptoKey,
  values: string[],
  bytes = 16,
  batch = 4096,
  onBatch?: (done: number) => void,
): Promise<string[]> {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 32)
    throw new Error(`hash length must be 16..32 bytes, not ${bytes}`);
  const out = new Array<string>(values.length);
  for (let start = 0; start < values.length; start += batch) {
    const end = Math.min(values.length, start + batch);
    const macs = await Promise.all(values.slice(start, end).map((v) => hmacSha256(key, v)));
    macs.forEach((mac, i) => (out[start + i] = toHex(mac.subarray(0, bytes))));
    onBatch?.(end);
  }
  return out;
}

/** PBKDF2-HMAC-SHA-256 bits, exposed for test vectors (RFC 7914 §11). */
export async function pbkdf2Bits(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  bits: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const base = await subtle().importKey('raw', utf8.encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, bits));
}

/** An AES-GCM-256 key from a passphrase and salt (PBKDF2-HMAC-SHA-256). */
export async function passphraseKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  if (passphrase.length === 0) throw new Error('the passphrase is empty');
  const base = await subtle().importKey('raw', utf8.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** One AES-GCM ciphertext (with its 16-byte tag appended, as WebCrypto returns it) and its IV. */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export async function aesGcmEncrypt(
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  iv = randomBytes(IV_BYTES),
): Promise<Sealed> {
  return { iv, data: await subtle().encrypt({ name: 'AES-GCM', iv }, key, plaintext) };
}

/** The ciphertext's authentication tag fails on a wrong key or altered data: that is `WrongPassphraseError`. */
export async function aesGcmDecrypt(key: CryptoKey, sealed: Sealed): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data));
  } catch {
    throw new WrongPassphraseError();
  }
}

export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
  constructor(
    message = 'wrong passphrase (or the encrypted data was altered): nothing was decrypted and nothing was changed',
  ) {
    super(message);
  }
}

/** How a key was derived, stored beside what it encrypts. */
export interface KdfParams {
  name: 'PBKDF2-SHA-256';
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
}

export function newKdfParams(iterations = PBKDF2_ITERATIONS): KdfParams {
  if (iterations < PBKDF2_ITERATIONS)
    throw new Error(`PBKDF2 needs at least ${PBKDF2_ITERATIONS} iterations, not ${iterations}`);
  return { name: 'PBKDF2-SHA-256', salt: randomBytes(SALT_BYTES), iterations };
}
