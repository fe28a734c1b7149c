/**
 * Planted journeys: the page views of a small shop's website, one row per view, in which every
 * session follows one of a few planted paths an exact number of times (PLANTED_JOURNEYS), so the
 * `paths` op can be checked to recover them exactly. Some views are repeated (a reload), which
 * `collapseRepeats` folds away. Pure and deterministic, like generate.ts; written to
 * public/samples/journeys.csv by scripts/samples.ts. PLANTED.md section "Journeys" describes it.
 */
import { Rng } from '../lib/util/rng';

export const JOURNEYS_HEADER = ['customer_id', 'session_id', 'ts', 'page'] as const;

/** Every session follows one of these paths (after repeats are collapsed), exactly `sessions` times. */
export const PLANTED_JOURNEYS = [
  { path: ['home', 'search', 'product', 'cart', 'checkout'], sessions: 240 },
  { path: ['home', 'search', 'product'], sessions: 310 },
  { path: ['home', 'product', 'cart', 'checkout'], sessions: 180 },
  { path: ['landing', 'product', 'cart'], sessions: 150 },
  { path: ['home'], sessions: 200 },
  { path: ['home', 'help', 'contact'], sessions: 60 },
  // Longer than the default five steps: its path is cut after the second product view.
  { path: ['home', 'search', 'product', 'search', 'product', 'cart', 'checkout'], sessions: 90 },
  { path: ['landing', 'product', 'search', 'product', 'cart', 'checkout'], sessions: 70 },
] as const;

/** A view is shown again (a reload) with this probability; sessions are at least a day apart. */
export const JOURNEY_PARAMS = {
  seed: 42,
  visitors: 600,
  repeatRate: 0.15,
  /** Seconds between views in a session: 10 to 300, far below a 30-minute session gap. */
  minGapSeconds: 10,
  maxGapSeconds: 300,
  firstDay: '2025-03-01',
  days: 60,
} as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function timestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** The page-view log as CSV (header, then rows sorted by time; ends with a newline). */
export function generateJourneys(seed: number = JOURNEY_PARAMS.seed): string {
  const rng = new Rng(seed * 7919 + 17);
  const P = JOURNEY_PARAMS;
  const sessions: Array<readonly string[]> = [];
  for (const j of PLANTED_JOURNEYS) for (let i = 0; i < j.sessions; i++) sessions.push(j.path);
  rng.shuffle(sessions);
  // Each visitor's sessions fall on distinct days, so no two sessions of one visitor are close.
  const dayMs = 86_400_000;
  const start = Date.parse(`${P.firstDay}T00:00:00Z`);
  const usedDays = new Map<number, Set<number>>();
  const rows: Array<{ ms: number; visitor: number; session: number; page: string }> = [];
  sessions.forEach((path, s) => {
    let visitor = rng.int(P.visitors);
    let day = rng.int(P.days);
    // A visitor has at most one session a day: try another visitor when that day is taken.
    while (usedDays.get(visitor)?.has(day)) {
      visitor = rng.int(P.visitors);
      day = rng.int(P.days);
    }
    const days = usedDays.get(visitor) ?? new Set<number>();
    days.add(day);
    usedDays.set(visitor, days);
    let ms = start + day * dayMs + (8 + rng.int(12)) * 3_600_000 + rng.int(3600) * 1000;
    for (const page of path) {
      const views = rng.next() < P.repeatRate ? 2 : 1;
      for (let v = 0; v < views; v++) {
        rows.push({ ms, visitor, session: s, page });
        ms += (P.minGapSeconds + rng.int(P.maxGapSeconds - P.minGapSeconds + 1)) * 1000;
      }
    }
  });
  rows.sort((a, b) => a.ms - b.ms || a.session - b.session);
  // Sessions are numbered by start time, like the shop's event log.
  const number = new Map<number, number>();
  for (const r of rows) if (!number.has(r.session)) number.set(r.session, number.size + 1);
  const lines = rows.map(
    (r) => `V${pad(r.visitor + 1, 4)},J${pad(number.get(r.session)!, 5)},${timestamp(r.ms)},${r.page}`,
  );
  return `${JOURNEYS_HEADER.join(',')}\n${lines.join('\n')}\n`;
}
