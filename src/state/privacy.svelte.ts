/**
 * The Privacy view's state: the network log (the page's Resource Timing and the service worker's
 * fetch log), where data lives in this browser (DuckDB, IndexedDB, OPFS, Cache Storage, local
 * storage), "Forget everything", and the audit report.
 */
import type { Session } from './session.svelte.ts';
import type { EgressMonitor } from './egress.svelte.ts';
import type { NetworkRecord, OutputRecord } from '../lib/privacy/audit';
import { buildAudit, isLocalUrl } from '../lib/privacy/audit';
import { auditHtml } from '../lib/privacy/audit-html';
import { fingerprintSources } from './privacy-fingerprints';
import { browserStorage, forgetBrowserStorage, type BrowserStorage, type ForgetResult } from './privacy-storage';
import { t } from '../i18n';

export type { BrowserStorage, ForgetResult } from './privacy-storage';

/** What the service worker reports (scripts/sw-source.js, `custodian:sw-status`). */
export interface ServiceWorkerStatus {
  version: string;
  cache: string;
  startedAt: string;
  cached: number;
  expected: number;
  dropped: number;
  log: Array<{ at: string; url: string; method: string; destination: string; servedBy: string; status?: number }>;
}

/** Production builds only: in `vite dev` there is no sw.js, and a cache-first worker would serve stale modules. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .catch((err: unknown) => console.warn('service worker not registered:', err));
}

export async function serviceWorkerStatus(timeoutMs = 3000): Promise<ServiceWorkerStatus | null> {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  const worker = navigator.serviceWorker.controller ?? registration?.active;
  if (!worker) return null;
  const channel = new MessageChannel();
  const reply = new Promise<ServiceWorkerStatus | null>((done) => {
    channel.port1.onmessage = (e) => done(e.data as ServiceWorkerStatus);
    setTimeout(() => done(null), timeoutMs);
  });
  worker.postMessage({ type: 'custodian:sw-status' }, [channel.port2]);
  return reply;
}

/** Every file the user saved from the app (ui/format.ts `download` announces each), since load. */
const downloads: OutputRecord[] = [];
if (typeof window !== 'undefined') {
  window.addEventListener('custodian:export', (e) => {
    const d = (e as CustomEvent<{ name: string; type: string; bytes: number }>).detail;
    downloads.push({
      kind: 'download',
      name: d.name,
      where: 'saved by the browser (downloads folder)',
      bytes: d.bytes,
      at: new Date().toISOString(),
    });
  });
}

/** Content-Security-Policy violations in this page since load (the browser fires one event per blocked thing). */
export const cspViolations = $state<{ list: Array<{ directive: string; blocked: string }> }>({ list: [] });
if (typeof document !== 'undefined') {
  document.addEventListener('securitypolicyviolation', (e) => {
    cspViolations.list = [...cspViolations.list, { directive: e.effectiveDirective, blocked: e.blockedURI }];
  });
}

/** The policy this page runs under, as index.html's meta tag states it (the server sends the same, plus frame-ancestors). */
export function pagePolicy(): string {
  return document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content ?? '';
}

export interface NetworkRow extends NetworkRecord {
  sameOrigin: boolean;
}

export class PrivacyMonitor {
  serviceWorker = $state.raw<ServiceWorkerStatus | null>(null);
  storage = $state.raw<BrowserStorage | null>(null);
  lastForget = $state.raw<ForgetResult | null>(null);
  busy = $state<string | null>(null);

  /** Both logs, oldest first. The same request shows twice when both saw it (seenBy says which). */
  network = $derived.by((): NetworkRow[] => {
    const page: NetworkRecord[] = this.egress.entries.map((e) => ({
      url: e.url,
      at: e.at,
      seenBy: 'page',
      kind: e.initiator,
    }));
    const sw: NetworkRecord[] = (this.serviceWorker?.log ?? []).map((e) => ({
      url: e.url,
      at: e.at,
      seenBy: 'service worker',
      kind: e.destination,
      servedBy: e.servedBy,
    }));
    return [...page, ...sw]
      .map((r) => ({ ...r, sameOrigin: isLocalUrl(r.url, location.origin) }))
      .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
  });
  offOrigin = $derived([...new Set(this.network.filter((r) => !r.sameOrigin).map((r) => r.url))]);

  constructor(
    readonly session: Session,
    readonly egress: EgressMonitor,
  ) {}

  async refresh(): Promise<void> {
    const [sw, storage] = await Promise.all([serviceWorkerStatus(), browserStorage()]);
    this.serviceWorker = sw;
    this.storage = storage;
  }

  /** Re-read only the service worker's log (polled while the view is open). */
  async refreshNetwork(): Promise<void> {
    this.serviceWorker = (await serviceWorkerStatus()) ?? this.serviceWorker;
  }

  /** Drops every DuckDB object, deletes this app's IndexedDB databases, OPFS files and local storage; keeps the app-shell cache. */
  async forgetEverything(): Promise<ForgetResult> {
    this.busy = t.workflow.busy.forgetting;
    try {
      const duckdb = await this.session.forgetEverything();
      // The database file is held open by DuckDB: closed first, then deleted (before the rest of OPFS).
      const disk = await this.session.workers.forgetDisk();
      this.lastForget = { duckdb, disk, ...(await forgetBrowserStorage()) };
      downloads.length = 0;
      await this.refresh();
      return this.lastForget;
    } finally {
      this.busy = null;
    }
  }

  /** The audit report of the session's last run, as JSON and as self-contained HTML. */
  async auditReport(): Promise<{ json: string; html: string } | null> {
    const report = this.session.report;
    if (!report) return null;
    this.busy = t.workflow.busy.hashing;
    try {
      await this.refresh();
      const files = await fingerprintSources(this.session);
      const storage = this.storage;
      const outputs: OutputRecord[] = [
        ...this.session.tables.map((t) => ({
          kind: 'table',
          name: t.ref,
          where:
            report.steps[t.ref]?.summary?.storage === 'opfs'
              ? "DuckDB's database file in this browser's private file system (OPFS), until “Forget everything”"
              : "DuckDB, in this tab's memory (gone when the tab closes)",
          rows: t.rows,
        })),
        ...(storage?.indexedDB ?? []).map((d) => ({
          kind: 'indexeddb',
          name: d.name,
          where: "this browser's IndexedDB for this app",
        })),
        ...(storage?.opfs ?? []).map((f) => ({
          kind: 'opfs',
          name: f.name,
          where: "this browser's private file system (OPFS) for this app",
          bytes: f.bytes,
        })),
        ...downloads,
      ];
      const audit = buildAudit({
        report,
        files,
        outputs,
        network: this.network,
        origin: location.origin,
        generatedAt: new Date().toISOString(),
        generatedBy: 'Privacy view',
      });
      return { json: JSON.stringify(audit, null, 2), html: auditHtml(audit) };
    } finally {
      this.busy = null;
    }
  }
}
