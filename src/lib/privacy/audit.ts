/**
 * The audit report: evidence, for a privacy reviewer, of what one analysis did with the data —
 * which files went in (name, size, SHA-256), which steps ran (when, on which backend, rows in and
 * out), which columns were treated as personal data and how, where results were kept or
 * exported, and every network request seen, with the count of those that left the app's origin.
 *
 * Pure: built from the run's report plus what the caller measured (fingerprints, the request
 * log, the outputs). The UI's Privacy view and the headless runner build it the same way;
 * `auditHtml` (audit-html.ts) renders it for people.
 */
import type { Report, StepReport } from '../recipe/report';
import type { Json } from '../core/json';

export const AUDIT_VERSION = 1;

export interface FileFingerprint {
  /** The recipe source this file was loaded as. */
  source: string;
  /** File name (or URL path for a file fetched from the app's own origin). */
  name: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes; null when it could not be read again. */
  sha256: string | null;
  note?: string;
}

export interface NetworkRecord {
  url: string;
  at?: string;
  /** Who saw it: `page` (Resource Timing), `service worker` (its fetch log), `browser` (the runner's log of every target). */
  seenBy: string;
  /** How it was answered, where known: `cache`, `network`, `passed-through`, `failed`. */
  servedBy?: string;
  /** Resource Timing's initiator or the fetch's destination: `script`, `worker`, `fetch`… */
  kind?: string;
}

export interface OutputRecord {
  /** `table` (in DuckDB, in memory), `download` (saved by the user), `file` (written by the runner), `indexeddb`, `opfs`. */
  kind: string;
  name: string;
  /** In words: "DuckDB in this tab's memory", "downloads folder", a path. */
  where: string;
  bytes?: number;
  rows?: number;
  at?: string;
  /** Anything a reader must know about it, e.g. that the runner capped its rows. */
  note?: string;
}

export interface PersonalDataTreatment {
  step: string;
  column: string;
  /** As the op says it: `hash`, `drop`, `mask`, `generalise:band10`… */
  action: string;
}

export interface AuditStep {
  id: string;
  op: string;
  status: StepReport['status'];
  startedAt: string;
  ms: number;
  backend?: string;
  rowsIn?: number;
  rowsOut?: number;
  tables: Array<{ ref: string; rows: number; columns: number }>;
  error?: string;
}

export interface AuditReport {
  kind: 'custodian-audit';
  auditVersion: number;
  generatedAt: string;
  /** `Privacy view` or `headless runner`. */
  generatedBy: string;
  app: { name: string; version: string };
  status: Report['status'];
  error?: string;
  environment: Record<string, Json>;
  recipe: unknown;
  inputs: FileFingerprint[];
  steps: AuditStep[];
  personalData: PersonalDataTreatment[];
  outputs: OutputRecord[];
  /** What ran the recipe: `the app in this browser`, `headless Chromium …`, `native DuckDB v1.4.4, 16 threads …`. */
  engine?: string;
  network: {
    origin: string;
    /** The native runner's wall around Node's network modules: that it was on, and its count of attempts (all listed in `log`). */
    guard?: string;
    requests: number;
    offOriginCount: number;
    offOrigin: string[];
    log: Array<NetworkRecord & { sameOrigin: boolean }>;
  };
}

export interface AuditInput {
  report: Report;
  files: FileFingerprint[];
  network: NetworkRecord[];
  outputs: OutputRecord[];
  origin: string;
  generatedAt: string;
  generatedBy: string;
  engine?: string;
  guard?: string;
}

/** data: and blob: URLs never leave the tab; anything else must be on `origin`. */
export function isLocalUrl(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url, origin).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Columns treated as personal data, from every step's `summary.treated: [{ column, action }]`
 * (the `pseudonymise` op's shape). Anything that is not that shape is ignored, not guessed at.
 */
export function personalDataTreatments(report: Report): PersonalDataTreatment[] {
  const out: PersonalDataTreatment[] = [];
  for (const [step, s] of Object.entries(report.steps)) {
    const treated = s.status === 'ok' ? s.summary?.treated : undefined;
    if (!Array.isArray(treated)) continue;
    for (const t of treated) {
      if (
        t &&
        typeof t === 'object' &&
        !Array.isArray(t) &&
        typeof t.column === 'string' &&
        typeof t.action === 'string'
      ) {
        out.push({ step, column: t.column, action: t.action });
      }
    }
  }
  return out;
}

function auditStep(id: string, s: StepReport): AuditStep {
  return {
    id,
    op: s.op,
    status: s.status,
    startedAt: s.startedAt,
    ms: Math.round(s.ms),
    ...(s.backend ? { backend: s.backend.name } : {}),
    ...(s.rowsIn !== undefined ? { rowsIn: s.rowsIn } : {}),
    // A source's rows are its table's.
    ...(s.rowsOut !== undefined
      ? { rowsOut: s.rowsOut }
      : s.op === 'load' && Object.values(s.tables)[0]
        ? { rowsOut: Object.values(s.tables)[0]!.rows }
        : {}),
    tables: Object.entries(s.tables).map(([ref, t]) => ({ ref, rows: t.rows, columns: t.columns.length })),
    ...(s.error ? { error: s.error.message } : {}),
  };
}

export function buildAudit(input: AuditInput): AuditReport {
  const { report, origin } = input;
  const log = input.network.map((r) => ({ ...r, sameOrigin: isLocalUrl(r.url, origin) }));
  // The report's own egress list (the page's view) counts too, even if the caller's log missed it.
  const offOrigin = [...new Set([...log.filter((r) => !r.sameOrigin).map((r) => r.url), ...report.egress.offOrigin])];
  return {
    kind: 'custodian-audit',
    auditVersion: AUDIT_VERSION,
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy,
    ...(input.engine ? { engine: input.engine } : {}),
    app: { name: report.app.name, version: report.app.version },
    status: report.status,
    ...(report.error ? { error: report.error } : {}),
    environment: report.environment,
    recipe: report.recipe,
    inputs: input.files,
    steps: Object.entries(report.steps).map(([id, s]) => auditStep(id, s)),
    personalData: personalDataTreatments(report),
    outputs: input.outputs,
    network: {
      origin,
      ...(input.guard ? { guard: input.guard } : {}),
      requests: log.length,
      offOriginCount: offOrigin.length,
      offOrigin,
      log,
    },
  };
}

/** Lower-case hex SHA-256 (WebCrypto: `crypto.subtle` exists in browsers, workers and Node ≥ 19). */
export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
