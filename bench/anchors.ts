/**
 * The `anchors` block: the SQL-heavy ops (load, profile, filter + dedupe, cohorts, rfm), CLV and
 * association rules in the browser, beside the same op code on native DuckDB and the best native
 * anchor, each with its goal and pass/fail. Every figure is a warm-up run, then the median of 3:
 * in the browser, the recipe loads the file four times and runs each step four times in one page.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ident } from '../src/lib/data/sql';
import { rfmSql } from '../src/lib/ops/rfm';
import { clvCore, median, miningCore, retailNative, type Timing } from './native';

/**
 * Recorded anchors from tools that cannot run here, as measured on this 2-core machine and
 * reported in the native-speed issue: R arules 1.7-10 `apriori` (C) on cleaned Online Retail, and
 * scipy's Nelder–Mead BG/NBD + Gamma-Gamma fit as `lifetimes` does it on the CDNOW master file.
 */
export const RECORDED = {
  arulesMs: { 0.01: 100, 0.005: 140 } as Record<number, number>,
  arulesSource: 'R arules 1.7-10 apriori, recorded; R is not installable here',
  scipyClvMs: 1340,
  scipyClvSource: 'scipy Nelder–Mead as lifetimes fits, 23,570 CDNOW customers, recorded',
};

export interface AnchorFields {
  /** The op's own code through runOp on native DuckDB at one thread (or its pure core in Node). */
  nativeSameMs?: number;
  anchorMs?: number;
  /** What the anchor is. */
  anchor?: string;
  /** The measured figure the goal is about, divided by the anchor. */
  ratio?: number;
  goal?: string;
  pass?: boolean;
  /** The three timed runs (after the warm-up) behind each median. */
  runs?: Record<string, number[]>;
}

export type StepTimes = Record<
  string,
  { ms: number; rowsOut?: number; tables: Record<string, { rows: number }>; summary?: Record<string, unknown> }
>;

interface Deps {
  retail: string;
  cdnow: string | undefined;
  tmp: string;
  allow: readonly string[];
  analyze: (recipe: object) => StepTimes;
  /** One result row: its name, the browser median (undefined where the browser does not run it), rows. */
  push: (name: string, browserMs: number | undefined, rows: number, extra: AnchorFields & { note?: string }) => void;
}

const RUNS = ['w', '1', '2', '3'] as const;
const WHERE = `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`;
const RFM = {
  customer: 'CustomerID',
  time: 'InvoiceDate',
  quantity: 'Quantity',
  price: 'UnitPrice',
  basket: 'InvoiceNo',
};
const COHORTS = { customer: 'CustomerID', time: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice' };

/** ≤ `max`× the anchor. */
function ratioGoal(measured: number, anchorMs: number, max: number, what: string): AnchorFields {
  const ratio = measured / anchorMs;
  return { anchorMs, ratio, goal: `${what} ≤ ${max}× anchor`, pass: ratio <= max };
}

export async function measureAnchors(d: Deps): Promise<void> {
  // CDNOW as CSV with a real date, so the clv op can read it in the browser.
  const cdnowCsv = d.cdnow ? `${d.tmp}/cdnow-master.csv` : undefined;
  if (d.cdnow && cdnowCsv && !existsSync(cdnowCsv)) {
    mkdirSync(dirname(cdnowCsv), { recursive: true });
    const lines = readFileSync(d.cdnow, 'utf8')
      .split(/\r?\n/)
      .filter((l) => /^\s*\d/.test(l))
      .map((l) => {
        const [id, day, cds, dollars] = l.trim().split(/\s+/);
        return `${id},${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6, 8)},${cds},${dollars}`;
      });
    writeFileSync(cdnowCsv, `customer_id,day,cds,dollars\n${lines.join('\n')}\n`);
  }
  const per = (k: string) => [
    { id: `rfm_${k}`, op: 'rfm', input: 'retail', params: RFM },
    { id: `rfmq_${k}`, op: 'sql', params: { query: rfmSql(ident('retail'), RFM as never) } },
    { id: `profile_${k}`, op: 'profile', input: 'retail', params: {} },
    { id: `clean_${k}`, op: 'filter', input: 'retail', params: { where: WHERE } },
    { id: `dedupe_${k}`, op: 'dedupe', input: `clean_${k}`, params: {} },
    { id: `cohorts_${k}`, op: 'cohorts', input: 'dedupe_w', params: COHORTS },
    {
      id: `rules01_${k}`,
      op: 'assoc-rules',
      input: 'dedupe_w',
      params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.01 },
    },
    {
      id: `rules005_${k}`,
      op: 'assoc-rules',
      input: 'dedupe_w',
      params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.005 },
    },
    ...(cdnowCsv
      ? [
          {
            id: `clv_${k}`,
            op: 'clv',
            input: 'cdnow',
            params: { customer: 'customer_id', time: 'day', amount: 'dollars', calibrationEnd: '1997-09-30' },
          },
        ]
      : []),
  ];
  const steps = d.analyze({
    version: 1,
    sources: [
      ...RUNS.map((k) => ({ name: k === 'w' ? 'retail' : `retail_${k}`, file: d.retail })),
      ...(cdnowCsv ? [{ name: 'cdnow', file: cdnowCsv }] : []),
    ],
    steps: RUNS.flatMap(per),
  });
  /** The median of runs 1–3 of the steps `ids(k)` (summed per run). */
  const browser = (ids: (k: string) => string[]): Timing => {
    const runs = RUNS.slice(1).map((k) => ids(k).reduce((s, id) => s + steps[id]!.ms, 0));
    return { ms: median(runs), runs };
  };
  const nat = await retailNative(d.retail, d.allow, { where: WHERE, rfm: RFM as never, cohorts: COHORTS });
  const rows = steps.retail!.tables.retail!.rows;
  const cleaned = steps.dedupe_w?.rowsOut ?? 0;

  const sqlCase = (name: string, b: Timing, pair: { same: Timing; anchor: Timing }, anchor: string, n: number) =>
    d.push(name, b.ms, n, {
      nativeSameMs: pair.same.ms,
      anchor,
      ...ratioGoal(b.ms, pair.anchor.ms, 2, 'browser'),
      runs: { browser: b.runs, nativeSame: pair.same.runs, anchor: pair.anchor.runs },
    });
  sqlCase(
    'load CSV: Online Retail',
    browser((k) => [k === 'w' ? 'retail' : `retail_${k}`]),
    nat.load,
    "native read_csv, the app's options",
    rows,
  );
  sqlCase(
    'profile: every column of Online Retail',
    browser((k) => [`profile_${k}`]),
    nat.profile,
    'native SUMMARIZE',
    rows,
  );
  sqlCase(
    'filter + dedupe: Online Retail → cleaned',
    browser((k) => [`clean_${k}`, `dedupe_${k}`]),
    nat.filter,
    'native SELECT DISTINCT … WHERE',
    rows,
  );
  sqlCase(
    'cohorts (monthly retention + revenue): cleaned Online Retail',
    browser((k) => [`cohorts_${k}`]),
    nat.cohorts,
    'native monthly-cohort GROUP BY',
    cleaned,
  );

  // rfm: the step against its own query run in the same browser DuckDB (the native query is shown in the note).
  const rfmStep = browser((k) => [`rfm_${k}`]);
  const rfmQuery = browser((k) => [`rfmq_${k}`]);
  d.push('rfm step incl. report summaries: Online Retail', rfmStep.ms, rows, {
    nativeSameMs: nat.rfm.same.ms,
    anchor: 'the RFM query alone, in the same browser DuckDB',
    ...ratioGoal(rfmStep.ms, rfmQuery.ms, 2, 'browser step'),
    runs: {
      browser: rfmStep.runs,
      nativeSame: nat.rfm.same.runs,
      anchor: rfmQuery.runs,
      nativeQuery: nat.rfm.anchor.runs,
    },
    note: `the RFM query on native DuckDB, 1 thread: ${Math.round(nat.rfm.anchor.ms)} ms`,
  });

  for (const support of [0.01, 0.005]) {
    const id = support === 0.01 ? 'rules01' : 'rules005';
    const b = browser((k) => [`${id}_${k}`]);
    const s = steps[`${id}_w`]?.summary;
    const core = await miningCore(nat.baskets, support);
    const arules = RECORDED.arulesMs[support]!;
    d.push(
      `assoc-rules at support ${support}: ${String(s?.itemsets)} itemsets, ${String(s?.rules)} rules (whole step)`,
      b.ms,
      cleaned,
      {
        runs: { browser: b.runs },
        ...(support === 0.005 ? { goal: 'browser step ≤ 500 ms', pass: b.ms <= 500 } : {}),
      },
    );
    d.push(
      `assoc-rules mining core (FP-Growth + rules, Node) at support ${support}: ${core.itemsets} itemsets, ${core.rules} rules`,
      undefined,
      nat.baskets.basket.length,
      {
        nativeSameMs: core.ms,
        anchor: RECORDED.arulesSource,
        ...ratioGoal(core.ms, arules, 1.5, 'core'),
        runs: { nativeSame: core.runs },
      },
    );
  }

  if (d.cdnow) {
    const core = await clvCore(d.cdnow);
    const b = cdnowCsv && steps.clv_1 ? browser((k) => [`clv_${k}`]) : undefined;
    d.push(
      `clv fit (BG/NBD + Gamma-Gamma) on the CDNOW master file, ${core.customers.toLocaleString('en')} customers (${core.repeat.toLocaleString('en')} repeat)`,
      b?.ms,
      69_659,
      {
        nativeSameMs: core.ms,
        anchorMs: RECORDED.scipyClvMs,
        anchor: RECORDED.scipyClvSource,
        ratio: core.ms / RECORDED.scipyClvMs,
        goal: 'fit ≤ 500 ms (Node core; the browser figure is the whole step, an upper bound)',
        pass: core.ms <= 500,
        runs: { ...(b ? { browser: b.runs } : {}), nativeSame: core.runs },
      },
    );
  }
}
