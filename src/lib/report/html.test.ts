import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe } from '../recipe/engine';
import { generateSamples } from '../../samples/generate';
import { nodeTrainer } from '../../test-support/node-trainer';
import { buildAudit } from '../privacy/audit';
import type { Recipe } from '../recipe/schema';
import type { Report } from '../recipe/report';
import type { Trainer } from '../ops/types';
import { gatherReportData } from './gather';
import { REPORT_SECTIONS, reportHtml } from './html';

let db: NodeDuckDB;
let trainer: Trainer;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ({ trainer } = await nodeTrainer('report-html-test'));
});
afterAll(() => db.close());

const APP = { name: 'custodian', version: '0.1.0' };
const sections = (html: string) => [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
/** Visible text of the page (tags dropped, entities of the escaped text kept as written). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function build(recipe: Recipe, files: Record<string, Blob>, trainerFor?: Trainer) {
  const report = await runRecipe(recipe, { db, files, trainer: trainerFor });
  expect(report.error).toBeUndefined();
  const audit = buildAudit({
    report,
    files: [{ source: 'b', name: 'b.csv', bytes: 1, sha256: 'ab'.repeat(32) }],
    network: [{ url: 'http://127.0.0.1:4173/', seenBy: 'page' }],
    outputs: [],
    origin: 'http://127.0.0.1:4173',
    generatedAt: 'now',
    generatedBy: 'test',
  });
  const data = await gatherReportData(db, {
    recipe: report.recipe as Recipe,
    report,
    audit,
    generatedAt: '2025-07-02T08:00:00.000Z',
    app: APP,
  });
  return { report, data, html: reportHtml(data) };
}

describe('report on five hand-checked baskets', () => {
  // Baskets {a,b,c} {a,b} {a,c} {b,c} {a,b,c}: each item in 4 of 5, each pair in 3. At minSupport 0.6 the rules are the
  // 6 single-item ones, each with support 3/5, confidence 3/4 and lift 0.6 / (0.8 · 0.8) = 0.9375.
  const csv =
    'order,sku,name\n1,a,Apple <b>bold</b>\n1,b,Bread\n1,c,Cheese\n2,a,Apple <b>bold</b>\n2,b,Bread\n3,a,Apple <b>bold</b>\n3,c,Cheese\n4,b,Bread\n4,c,Cheese\n5,a,Apple <b>bold</b>\n5,b,Bread\n5,c,Cheese\n';
  const recipe: Recipe = {
    version: 1,
    name: 'Baskets <script>',
    sources: [{ name: 'b', file: 'b.csv' }],
    steps: [
      {
        id: 'ar',
        op: 'assoc-rules',
        input: 'b',
        params: { transaction: 'order', item: 'sku', itemLabel: 'name', minSupport: 0.6, minConfidence: 0.7 },
      },
    ],
  };
  let html = '';
  beforeAll(async () => ({ html } = await build(recipe, { b: new Blob([csv]) })));

  it('has every section, in order, with an empty state where the analysis had nothing', () => {
    expect(sections(html)).toEqual(['Key figures', ...REPORT_SECTIONS, 'Appendix: the recipe']);
    const text = textOf(html);
    expect(text).toContain('No RFM, k-means or DBSCAN step ran in this analysis.');
    expect(text).toContain('No classifier (train-classifier) was trained in this analysis.');
    expect(text).toContain('No drift comparison ran in this analysis (Monitor stage).');
  });

  it('lists the source and the rules with the hand-computed figures and item labels, escaped', () => {
    const text = textOf(html);
    expect(text).toContain('6 rules from 6 frequent itemsets over 5 baskets.');
    expect(text).toContain('b b.csv ok 12 3');
    // One row per rule: support 60.0 %, confidence 75.0 %, lift 0.94, 3 baskets.
    expect(
      html.match(
        /<td class="num">60\.0%<\/td><td class="num">75\.0%<\/td><td class="num">0\.94<\/td><td class="num">3<\/td>/g,
      ),
    ).toHaveLength(6);
    expect(html).toContain('Apple &lt;b&gt;bold&lt;/b&gt; → Bread');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('<title>Baskets &lt;script&gt; — Custodian report</title>');
  });

  it('is self-contained: no script, no external reference, its own default-src none policy, at least one inline SVG', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import|src=/i);
    // The only URLs are the SVG namespace (a name, never fetched) and the app's origin quoted as text in the audit.
    expect(new Set(html.match(/https?:\/\/[^\s"<)]+/g))).toEqual(
      new Set(['http://www.w3.org/2000/svg', 'http://127.0.0.1:4173']),
    );
    expect(html.match(/href="[^"]*"/g)?.every((h) => h.startsWith('href="#'))).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(html).toContain('@media print');
    expect(html).toContain('break-before: page');
  });

  it('carries the audit summary: off-origin count and the input fingerprints', () => {
    expect(html).toContain('data-off-origin="0"');
    expect(html).toContain('ab'.repeat(32));
  });
});

describe('report on the sample shop: segments, rules, a churn model and drift', () => {
  const samples = generateSamples();
  const rfm = { customer: 'customer_id', time: 'ts', amount: 'amount', basket: 'order_id' };
  const recipe: Recipe = {
    version: 1,
    sources: [
      { name: 'events', file: 'events.csv' },
      { name: 'customers', file: 'customers.csv' },
    ],
    steps: [
      { id: 'rfm1', op: 'rfm', input: 'events', params: rfm },
      {
        id: 'seg',
        op: 'kmeans',
        input: 'rfm1',
        params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], kRange: [2, 4] },
      },
      { id: 'orders', op: 'filter', input: 'events', params: { where: "event_type = 'purchase'" } },
      {
        id: 'bundles',
        op: 'assoc-rules',
        input: 'orders',
        params: { transaction: 'order_id', item: 'item_id', minSupport: 0.02, minConfidence: 0.3 },
      },
      {
        id: 'churn',
        op: 'train-classifier',
        input: 'rfm1',
        params: {
          features: ['recency_days', 'frequency', 'monetary'],
          label: 'churned',
          labelTable: 'customers',
          key: 'customer',
          labelKey: 'customer_id',
          epochs: 5,
          importanceRepeats: 1,
        },
      },
      { id: 'early', op: 'filter', input: 'events', params: { where: "ts < TIMESTAMP '2025-07-01'" } },
      { id: 'rfm_early', op: 'rfm', input: 'early', params: rfm },
      {
        id: 'drift1',
        op: 'drift',
        input: 'rfm1',
        params: { reference: 'rfm_early.rfm', features: ['recency_days', 'frequency', 'monetary'] },
      },
    ],
  };
  let html = '';
  let report: Report;
  beforeAll(
    async () =>
      ({ html, report } = await build(
        recipe,
        { events: new Blob([samples.events]), customers: new Blob([samples.customers]) },
        trainer,
      )),
    120_000,
  );

  it('draws the charts of each section from the run', () => {
    // segments: RFM sizes (two rfm steps) + k-means sizes + silhouette by k; rules: top lift; model: ROC, PR, loss, calibration, importance; drift: PSI.
    expect(html.match(/<svg /g)).toHaveLength(2 + 2 + 1 + 5 + 1);
    for (const title of [
      'rfm1: customers per RFM segment',
      'rfm_early: customers per RFM segment',
      'seg: customers per segment',
      'seg: silhouette by k',
      'bundles: top rules by lift',
      'churn: precision–recall',
      'churn: loss per epoch',
      'drift1: population stability index by feature',
    ]) {
      expect(html).toContain(`<title>${title}`);
    }
  });

  it('quotes the figures of the run as its report has them', async () => {
    const s = (id: string) => report.steps[id]!.summary!;
    const text = textOf(html);
    expect(text).toContain(`ROC curve (test AUC ${(s('churn').auc as number).toFixed(3)})`);
    expect(text).toContain(`k-means: ${s('seg').k} segments (k chosen by silhouette)`);
    // The near-ties the choice was made among, as the step's selection table has them (within 0.02 of the best).
    const sel = (await db.query('SELECT k, silhouette FROM seg.selection ORDER BY k')).rows.map((r) => ({
      k: Number(r.k),
      s: Number(r.silhouette),
    }));
    const best = Math.max(...sel.map((r) => r.s));
    const ties = sel.filter((r) => r.s >= best - 0.02).map((r) => r.k);
    if (ties.length > 1)
      expect(text).toContain(`Near-ties (mean silhouette within 0.02 of the best): k = ${ties.join(', ')};`);
    else expect(text).not.toContain('Near-ties');
    // The largest RFM segment, counted by SQL on the step's own table, heads its table in the report.
    const big = (await db.query('SELECT segment, count(*) AS n FROM rfm1.rfm GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1'))
      .rows[0]!;
    expect(text).toContain(`${big.segment} ${Number(big.n).toLocaleString('en')}`);
    expect(text).toContain(`Largest PSI ${(s('drift1').maxPsi as number).toFixed(3)}`);
    // The top rule by lift, as SQL finds it independently of the report code: a planted bundle (PLANTED.md §1, lift 11–16).
    const top = (
      await db.query(
        'SELECT antecedent, consequent, lift FROM bundles.rules ORDER BY lift DESC, confidence DESC, support DESC, antecedent, consequent LIMIT 1',
      )
    ).rows[0]!;
    expect(top.lift as number).toBeGreaterThan(10);
    const ids = (j: unknown) => (JSON.parse(String(j)) as string[]).join(' + ');
    expect(html).toContain(`<td>${ids(top.antecedent)}</td><td>${ids(top.consequent)}</td>`);
    // Half a year later every customer's recency has grown: a significant shift, and the advice says so.
    expect(s('drift1').drifted).toContain('recency_days');
    expect(html).toContain('<p class="advice bad">');
  });
});
