/**
 * A wall around Node's network modules for the native runner: while it is up, every way a script
 * in this process opens a connection or asks DNS — `net`/`tls` sockets (which `http`, `https` and
 * `fetch` go through), `http(s).request`/`get`, UDP (`dgram`), `dns` lookups and resolves, and the
 * global `fetch` — throws at once and is recorded. The runner fails the run when anything was
 * recorded, as the browser runner does on an off-origin request.
 *
 * What it does not cover: native code that opens its own sockets (DuckDB's httpfs would; the
 * runner's DuckDB has external access and extension loading off, privacy/sandbox.ts), child
 * processes, and a module that kept its own reference to one of these functions before the wall
 * went up — though its TCP and TLS connections still pass through `Socket.prototype.connect`.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface NetAttempt {
  /** The API called, e.g. `net.Socket.connect`, `dns.lookup`, `fetch`. */
  api: string;
  /** What it tried to reach, where the call says (`host:port`, a URL, a name). */
  target: string;
  at: string;
}

export interface NetGuard {
  readonly attempts: readonly NetAttempt[];
  /** What the audit says about it. */
  describe(): string;
  /** Put every wrapped function back. */
  uninstall(): void;
}

export class NetworkBlockedError extends Error {
  constructor(attempt: NetAttempt) {
    super(`network access is blocked in the native runner: ${attempt.api} to ${attempt.target || 'an unnamed target'}`);
    this.name = 'NetworkBlockedError';
  }
}

/** The wrapped functions, as `[object, key]`; each is replaced by one that records and throws. */
const TARGETS: Array<[Record<string, unknown>, string, string]> = [
  [net as unknown as Record<string, unknown>, 'connect', 'net.connect'],
  [net as unknown as Record<string, unknown>, 'createConnection', 'net.createConnection'],
  [net.Socket.prototype as unknown as Record<string, unknown>, 'connect', 'net.Socket.connect'],
  [tls as unknown as Record<string, unknown>, 'connect', 'tls.connect'],
  [http as unknown as Record<string, unknown>, 'request', 'http.request'],
  [http as unknown as Record<string, unknown>, 'get', 'http.get'],
  [https as unknown as Record<string, unknown>, 'request', 'https.request'],
  [https as unknown as Record<string, unknown>, 'get', 'https.get'],
  [dgram.Socket.prototype as unknown as Record<string, unknown>, 'send', 'dgram.send'],
  [dgram.Socket.prototype as unknown as Record<string, unknown>, 'connect', 'dgram.connect'],
  [dgram.Socket.prototype as unknown as Record<string, unknown>, 'bind', 'dgram.bind'],
  [dns as unknown as Record<string, unknown>, 'lookup', 'dns.lookup'],
  [dns as unknown as Record<string, unknown>, 'lookupService', 'dns.lookupService'],
  [dns as unknown as Record<string, unknown>, 'resolve', 'dns.resolve'],
  [dns as unknown as Record<string, unknown>, 'resolve4', 'dns.resolve4'],
  [dns as unknown as Record<string, unknown>, 'resolve6', 'dns.resolve6'],
  [dns.promises as unknown as Record<string, unknown>, 'lookup', 'dns.promises.lookup'],
  [dns.promises as unknown as Record<string, unknown>, 'resolve', 'dns.promises.resolve'],
  [dns.promises as unknown as Record<string, unknown>, 'resolve4', 'dns.promises.resolve4'],
  [dns.promises as unknown as Record<string, unknown>, 'resolve6', 'dns.promises.resolve6'],
  [globalThis as unknown as Record<string, unknown>, 'fetch', 'fetch'],
];

/** A readable target from a call's arguments: `host:port`, a URL, a path or a host name. */
function targetOf(args: unknown[]): string {
  const [first, second] = args;
  if (typeof first === 'string') return typeof second === 'string' ? `${second}:${first}` : first;
  if (typeof first === 'number') return typeof second === 'string' ? `${second}:${first}` : `port ${first}`;
  if (first instanceof URL) return first.href;
  if (Array.isArray(first)) return targetOf(first);
  if (first && typeof first === 'object') {
    const o = first as Record<string, unknown>;
    if (typeof o.url === 'string') return o.url;
    if (typeof o.path === 'string' && !o.host && !o.hostname) return o.path;
    const host = o.hostname ?? o.host ?? 'localhost';
    return o.port !== undefined ? `${String(host)}:${String(o.port)}` : String(host);
  }
  return '';
}

function udpTarget(args: unknown[]): string {
  let at = -1;
  for (let i = 1; i < args.length; i++) if (typeof args[i] === 'number') at = i;
  return at < 0
    ? ''
    : typeof args[at + 1] === 'string'
      ? `${String(args[at + 1])}:${String(args[at])}`
      : `port ${String(args[at])}`;
}

let active: NetGuard | undefined;

/** Put the wall up (once per process at a time). */
export function installNetGuard(): NetGuard {
  if (active) throw new Error('the network guard is already installed');
  const attempts: NetAttempt[] = [];
  const saved: Array<[Record<string, unknown>, string, unknown]> = [];
  for (const [owner, key, api] of TARGETS) {
    const original = owner[key];
    if (typeof original !== 'function') continue;
    saved.push([owner, key, original]);
    const blocked = function (this: unknown, ...args: unknown[]): never {
      // dgram.send(msg, [offset, length,] port, address): the message comes first.
      const target = api === 'dgram.send' ? udpTarget(args) : targetOf(args);
      const attempt = { api, target, at: new Date().toISOString() };
      attempts.push(attempt);
      throw new NetworkBlockedError(attempt);
    };
    // fetch and dns.promises are awaited: their callers expect a rejection, not a throw.
    const wrapped =
      api === 'fetch' || api.startsWith('dns.promises.')
        ? (...args: unknown[]) => {
            try {
              return blocked(...args);
            } catch (err) {
              return Promise.reject(err);
            }
          }
        : blocked;
    Object.defineProperty(owner, key, { value: wrapped, writable: true, configurable: true });
  }
  const guard: NetGuard = {
    attempts,
    describe: () =>
      `Node network guard on: net, tls, http, https, dgram, dns and fetch refused every call (${attempts.length} attempt${attempts.length === 1 ? '' : 's'})`,
    uninstall() {
      for (const [owner, key, original] of saved)
        Object.defineProperty(owner, key, { value: original, writable: true, configurable: true });
      active = undefined;
    },
  };
  active = guard;
  return guard;
}
