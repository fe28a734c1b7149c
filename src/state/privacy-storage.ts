/**
 * Where this app keeps anything in the browser, outside DuckDB's memory: IndexedDB databases
 * (saved projects, models, secrets), the origin private file system (OPFS), Cache Storage (the
 * service worker's copy of the app itself, never user data) and local/session storage (the SQL
 * console's history) — and the deletion of all of it but the app shell.
 */
import type { Forgotten } from '../lib/privacy/forget';
import type { DiskForgotten } from '../lib/data/duckdb-wasm';
import { DISK_DIR } from '../lib/data/storage';

export interface BrowserStorage {
  indexedDB: Array<{ name: string; version: number }>;
  /** `duckdb`: DuckDB's database file (sources stored on disk, lib/data/storage.ts). */
  opfs: Array<{ name: string; kind: 'file' | 'directory'; bytes: number; duckdb: boolean }>;
  caches: Array<{ name: string; entries: number; appShell: boolean }>;
  localStorage: Array<{ key: string; bytes: number }>;
  sessionStorageKeys: number;
  /** navigator.storage.estimate(): bytes this origin uses (all stores) and may use. */
  estimate: { usage: number; quota: number } | null;
}

export interface ForgetResult {
  duckdb: Forgotten;
  /** DuckDB's database file in OPFS, deleted after DuckDB was closed (its files and their sizes). */
  disk: DiskForgotten;
  indexedDB: string[];
  /** Databases whose deletion waits for a connection to close (it completes when that happens). */
  blocked: string[];
  opfs: string[];
  localStorageKeys: number;
  caches: string[];
}

/** The service worker's cache of the app itself (scripts/sw-source.js); kept so the app still opens offline. */
export const APP_SHELL_CACHE = 'custodian-shell-';

type DirectoryEntries = { entries(): AsyncIterable<[string, FileSystemHandle]> };

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return await navigator.storage.getDirectory();
  } catch {
    return null; // no OPFS in this context (e.g. some private modes)
  }
}

async function sizeOf(handle: FileSystemHandle): Promise<number> {
  if (handle.kind === 'file') return (await (handle as FileSystemFileHandle).getFile()).size;
  let total = 0;
  for await (const [, child] of (handle as unknown as DirectoryEntries).entries()) total += await sizeOf(child);
  return total;
}

export async function browserStorage(): Promise<BrowserStorage> {
  const databases = 'databases' in indexedDB ? await indexedDB.databases() : [];
  const opfs: BrowserStorage['opfs'] = [];
  const root = await opfsRoot();
  if (root) {
    for await (const [name, handle] of (root as unknown as DirectoryEntries).entries()) {
      opfs.push({ name, kind: handle.kind, bytes: await sizeOf(handle), duckdb: name === DISK_DIR });
    }
  }
  const cacheNames = 'caches' in self ? await caches.keys() : [];
  const cacheList = await Promise.all(
    cacheNames.map(async (name) => ({
      name,
      entries: (await (await caches.open(name)).keys()).length,
      appShell: name.startsWith(APP_SHELL_CACHE),
    })),
  );
  const local = Object.keys(localStorage).map((key) => ({
    key,
    bytes: 2 * (key.length + (localStorage.getItem(key)?.length ?? 0)),
  }));
  const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : null;
  return {
    indexedDB: databases.filter((d) => d.name).map((d) => ({ name: d.name!, version: d.version ?? 0 })),
    opfs,
    caches: cacheList,
    localStorage: local,
    sessionStorageKeys: sessionStorage.length,
    estimate: estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null,
  };
}

/** Resolves once deleted, or 'blocked' when an open connection holds it for longer than `waitMs`. */
function deleteDatabase(name: string, waitMs = 5000): Promise<'deleted' | 'blocked' | 'failed'> {
  return new Promise((done) => {
    const request = indexedDB.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    request.onsuccess = () => {
      clearTimeout(timer);
      done('deleted');
    };
    request.onerror = () => done('failed');
    request.onblocked = () => (timer = setTimeout(() => done('blocked'), waitMs));
  });
}

export async function forgetBrowserStorage(): Promise<Omit<ForgetResult, 'duckdb' | 'disk'>> {
  const result: Omit<ForgetResult, 'duckdb' | 'disk'> = {
    indexedDB: [],
    blocked: [],
    opfs: [],
    localStorageKeys: localStorage.length,
    caches: [],
  };
  const databases = 'databases' in indexedDB ? await indexedDB.databases() : [];
  for (const { name } of databases) {
    if (!name) continue;
    const outcome = await deleteDatabase(name);
    (outcome === 'deleted' ? result.indexedDB : result.blocked).push(name);
  }
  const root = await opfsRoot();
  if (root) {
    const names: string[] = [];
    for await (const [name] of (root as unknown as DirectoryEntries).entries()) names.push(name);
    for (const name of names) {
      await root.removeEntry(name, { recursive: true });
      result.opfs.push(name);
    }
  }
  localStorage.clear();
  sessionStorage.clear();
  if ('caches' in self) {
    for (const name of await caches.keys()) {
      if (name.startsWith(APP_SHELL_CACHE)) continue;
      await caches.delete(name);
      result.caches.push(name);
    }
  }
  return result;
}
