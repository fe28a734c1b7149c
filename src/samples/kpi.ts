/**
 * A planted KPI anomaly: the orders of a small shop across eight cities and two channels, with a
 * weekly rhythm (busier weekends), in which one day one city sold six times its usual orders
 * (PLANTED_ANOMALY). The log stops at noon of its last day, a period the `anomalies` op must drop
 * as incomplete. Pure and deterministic; written to public/samples/kpi.csv by scripts/samples.ts.
 * PLANTED.md section "KPI anomaly" describes it.
 */
import { Rng } from '../lib/util/rng';

export const KPI_HEADER = ['order_id', 'ts', 'city', 'channel', 'amount'] as const;

export const KPI_CITIES = ['London', 'Manchester', 'Paris', 'Berlin', 'New York', 'Toronto', 'Madrid', 'Rome'] as const;
const CITY_WEIGHTS = [0.22, 0.1, 0.14, 0.12, 0.14, 0.08, 0.1, 0.1] as const;
/** Orders per weekday, Monday first, on average. */
const WEEKDAY_ORDERS = [180, 170, 170, 180, 200, 250, 230] as const;

export const PLANTED_ANOMALY = {
  seed: 42,
  firstDay: '2025-01-01',
  /** Full days; the log goes on until noon of the day after the last. */
  days: 181,
  /** On this day this city's orders are multiplied by `factor`. */
  day: '2025-04-16',
  city: 'Berlin',
  factor: 6,
  /** Amounts are uniform in [min, max], whole cents. */
  amount: { min: 20, max: 80 },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;

/** The order log as CSV (header, rows in time order, ending with a newline). */
export function generateKpi(seed: number = PLANTED_ANOMALY.seed): string {
  const P = PLANTED_ANOMALY;
  const rng = new Rng(seed * 104_729 + 3);
  const start = Date.parse(`${P.firstDay}T00:00:00Z`);
  const planted = (Date.parse(`${P.day}T00:00:00Z`) - start) / DAY_MS;
  const rows: string[] = [];
  let id = 0;
  for (let d = 0; d <= P.days; d++) {
    const date = new Date(start + d * DAY_MS);
    const weekday = (date.getUTCDay() + 6) % 7;
    // The day after the last full one is cut at noon: an incomplete period.
    const lastHour = d === P.days ? 12 : 22;
    const orders: Array<{ ms: number; city: string; channel: string; cents: number }> = [];
    const n = rng.poisson(WEEKDAY_ORDERS[weekday]!);
    for (let i = 0; i < n; i++) {
      const city = KPI_CITIES[rng.weighted(CITY_WEIGHTS)]!;
      const copies = d === planted && city === P.city ? P.factor : 1;
      for (let c = 0; c < copies; c++) {
        const ms = date.getTime() + (8 * 3600 + rng.int((lastHour - 8) * 3600)) * 1000;
        const cents = P.amount.min * 100 + rng.int((P.amount.max - P.amount.min) * 100 + 1);
        orders.push({ ms, city, channel: rng.next() < 0.6 ? 'web' : 'app', cents });
      }
    }
    orders.sort((a, b) => a.ms - b.ms);
    for (const o of orders) {
      const t = new Date(o.ms);
      const ts = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
      rows.push(`K${String(++id).padStart(6, '0')},${ts},${o.city},${o.channel},${(o.cents / 100).toFixed(2)}`);
    }
  }
  return `${KPI_HEADER.join(',')}\n${rows.join('\n')}\n`;
}
