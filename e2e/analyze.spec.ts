/**
 * The headless runner, as a user calls it. It records every request its browser made; the
 * report's egress.offOrigin must be empty (this is the zero-egress assertion for these tests).
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { analyze, run } from './runner';

const canIsolate = process.getuid?.() === 0 && existsSync('/usr/bin/unshare') && existsSync('/usr/sbin/ip');

test('npm run analyze runs the sample recipe and writes report.json and one CSV per table', async () => {
  const out = mkdtempSync(join(tmpdir(), 'analyze-'));
  const res = await analyze('public/samples/demo.recipe.json', '--out', out);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.status).toBe('ok');
  expect(report.egress.offOrigin).toEqual([]);
  expect(report.egress.requests).toBeGreaterThan(5);
  expect(Object.keys(report.steps)).toEqual(['events', 'customers', 'rfm1', 'churn1']);
  expect(report.steps.churn1.summary.testAuc).toBeGreaterThan(0.7);
  expect(report.steps.churn1.backend.name).toBeTruthy();
  expect(report.steps.churn1.summary.tensorsLeaked).toBe(0);
  const rfm = readFileSync(join(out, 'rfm1.rfm.csv'), 'utf8').trim().split('\n');
  expect(rfm[0]).toBe('customer,recency_days,frequency,monetary,r_score,f_score,m_score,segment');
  expect(rfm.length - 1).toBe(report.steps.rfm1.rowsOut);
  expect(existsSync(join(out, 'churn1.history.csv'))).toBe(true);
});

test('the runner exits non-zero with a one-line reason on a bad recipe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-bad-'));
  writeFileSync(join(dir, 'shop.csv'), 'customer,ts,amount\nA,2025-01-01,10\n');
  const recipe = (steps: unknown[]) => {
    const path = join(dir, `r${Math.random()}.json`);
    writeFileSync(path, JSON.stringify({ version: 1, sources: [{ name: 'shop', file: 'shop.csv' }], steps }));
    return path;
  };
  const unknownOp = await analyze(
    recipe([{ id: 's1', op: 'magic', input: 'shop', params: {} }]),
    '--out',
    join(dir, 'o1'),
  );
  expect(unknownOp.code).toBe(1);
  expect(unknownOp.stderr.trim()).toMatch(
    /^custodian analyze: step 's1', field 'op': unknown op 'magic' \(known ops: .*\bfilter\b.*\)$/,
  );
  const missingColumn = await analyze(
    recipe([{ id: 'r', op: 'rfm', input: 'shop', params: { customer: 'cust', time: 'ts', amount: 'amount' } }]),
    '--out',
    join(dir, 'o2'),
  );
  expect(missingColumn.code).toBe(1);
  expect(missingColumn.stderr).toContain("step 'r', field 'customer': column 'cust' not found in 'shop'");
  const report = JSON.parse(readFileSync(join(dir, 'o2', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  expect(report.steps.shop.status).toBe('ok');

  const missingFile = await analyze(resolve('does-not-exist.json'), '--out', join(dir, 'o3'));
  expect(missingFile.code).toBe(1);
  expect(missingFile.stderr).toMatch(/^custodian analyze: cannot read the recipe/);

  // A recipe someone sent may name any file by absolute path: read only when the user says so.
  const absolute = join(dir, 'absolute.json');
  writeFileSync(
    absolute,
    JSON.stringify({
      version: 1,
      sources: [{ name: 'os', file: '/etc/os-release' }],
      steps: [{ id: 'copy', op: 'sql', params: { query: 'SELECT * FROM os' } }],
    }),
  );
  const refused = await analyze(absolute, '--out', join(dir, 'o4'));
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim()).toBe(
    "custodian analyze: source 'os': '/etc/os-release' is an absolute path, which could be any file on this machine; " +
      'keep the data beside the recipe and name it relatively, or run with --allow-absolute-paths if you trust this recipe',
  );
  expect(existsSync(join(dir, 'o4'))).toBe(false);

  // A recipe holds steps, not data: a 6 MB one is refused before anything is parsed.
  const big = join(dir, 'big.json');
  writeFileSync(big, JSON.stringify({ version: 1, sources: [], steps: [], padding: 'x'.repeat(6 * 1024 * 1024) }));
  const tooBig = await analyze(big, '--out', join(dir, 'o5'));
  expect(tooBig.code).toBe(1);
  expect(tooBig.stderr).toMatch(
    /^custodian analyze: the recipe .*big\.json is 6\.0 MB, more than the 5 MB a recipe may be/,
  );
});

test('with no network at all (a namespace with only loopback), the sample recipe still runs', async () => {
  test.skip(!canIsolate, 'needs root, unshare and ip to make a network namespace (CI here runs as root)');
  const out = mkdtempSync(join(tmpdir(), 'offline-'));
  const res = await run('unshare', [
    '-n',
    'sh',
    '-c',
    `ip link set lo up && node scripts/analyze.mjs public/samples/demo.recipe.json --out ${out}`,
  ]);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.status).toBe('ok');
  expect(report.egress.offOrigin).toEqual([]);
});

const retail = resolve(process.env.CUSTODIAN_DATA ?? '../shared/data', 'retail/online_retail.csv');
test('runner: load → filter → dedupe → derive on the real retail log matches plain DuckDB SQL', async () => {
  test.skip(!existsSync(retail), `needs ${retail} (the shared data sets)`);
  const dir = mkdtempSync(join(tmpdir(), 'analyze-clean-'));
  const where = `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`;
  writeFileSync(
    join(dir, 'recipe.json'),
    JSON.stringify({
      version: 1,
      sources: [{ name: 'retail', file: retail }],
      steps: [
        { id: 'clean', op: 'filter', input: 'retail', params: { where } },
        { id: 'unique', op: 'dedupe', input: 'clean', params: {} },
        {
          id: 'amounts',
          op: 'derive',
          input: 'unique',
          params: { column: 'amount', expression: '"Quantity" * "UnitPrice"' },
        },
      ],
    }),
  );
  const res = await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'out'), '--allow-absolute-paths');
  expect(res.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);

  // The same, as plain SQL in native DuckDB.
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(`CREATE TABLE retail AS SELECT * FROM read_csv('${retail}', header = true, delim = ',')`);
  const count = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRows()[0]![0]);
  const filtered = await count(`SELECT count(*) FROM retail WHERE ${where}`);
  const distinct = await count(`SELECT count(*) FROM (SELECT DISTINCT * FROM retail WHERE ${where})`);
  const total = await count(
    `SELECT round(sum("Quantity" * "UnitPrice"), 2) FROM (SELECT DISTINCT * FROM retail WHERE ${where})`,
  );
  expect(filtered).toBe(397_924); // the figure published for this data set
  expect(report.steps.clean.rowsOut).toBe(filtered);
  expect(report.steps.unique.rowsOut).toBe(distinct);
  expect(report.steps.amounts.rowsOut).toBe(distinct);
  const csv = readFileSync(join(dir, 'out', 'amounts.data.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = csv[0]!.split(',');
  expect(header.at(-1)).toBe('amount');
  expect(csv.length - 1).toBe(distinct);
  const csvTotal = csv.slice(1).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(',') + 1)), 0);
  expect(csvTotal).toBeCloseTo(total, 0);
});

test('runner: association rules in the browser write itemsets and rules as Arrow back into DuckDB', async () => {
  const out = mkdtempSync(join(tmpdir(), 'analyze-rules-'));
  const res = await analyze('public/samples/baskets.recipe.json', '--out', out);
  expect(res.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  expect(report.steps.bundles.summary.rules).toBeGreaterThan(0);
  const rules = readFileSync(join(out, 'bundles.rules.csv'), 'utf8').trim().split('\n');
  expect(rules[0]).toBe('antecedent,consequent,support,confidence,lift,leverage,conviction,count');
  expect(rules.length - 1).toBe(report.steps.bundles.summary.rules);
  expect(rules[1]).toMatch(/^"\[""I\d+""(,""I\d+"")*\]","\[""I\d+""\]",/);
  // The co-purchase network (graphology in the compute worker).
  expect(report.steps.network.summary.communities).toBeGreaterThan(1);
  const nodes = readFileSync(join(out, 'network.nodes.csv'), 'utf8').trim().split('\n');
  expect(nodes[0]).toBe('item,degree,weighted_degree,pagerank,community,x,y');
});

test('runner: lifetime value (BG/NBD + Gamma-Gamma) in the browser on the sample shop', async () => {
  const out = mkdtempSync(join(tmpdir(), 'analyze-clv-'));
  const res = await analyze('public/samples/clv.recipe.json', '--out', out);
  expect(res.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  const s = report.steps.value.summary;
  expect(s.bgnbd.converged).toBe(true);
  expect(s.holdout.actual).toBeGreaterThan(0);
  const rows = readFileSync(join(out, 'value.clv.csv'), 'utf8').trim().split('\n');
  expect(rows[0]).toBe(
    'customer,frequency,recency,T,monetary,p_alive,expected_purchases,expected_value,clv,predicted_holdout,actual_holdout',
  );
  expect(rows.length - 1).toBe(s.customers);
});

test('runner: k-means and DBSCAN segments on RFM features in the browser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-kmeans-'));
  writeFileSync(
    join(dir, 'recipe.json'),
    JSON.stringify({
      version: 1,
      sources: [{ name: 'events', file: resolve('public/samples/events.csv') }],
      steps: [
        {
          id: 'rfm1',
          op: 'rfm',
          input: 'events',
          params: { customer: 'customer_id', time: 'ts', amount: 'amount', basket: 'order_id' },
        },
        {
          id: 'seg',
          op: 'kmeans',
          input: 'rfm1',
          params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], kRange: [2, 5] },
        },
        {
          id: 'dense',
          op: 'dbscan',
          input: 'rfm1',
          params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], eps: 0.5, minPts: 8 },
        },
      ],
    }),
  );
  const res = await analyze(
    join(dir, 'recipe.json'),
    '--out',
    join(dir, 'out'),
    '--allow-absolute-paths',
    '--tables',
    'seg.selection,dense.assignments',
  );
  expect(res.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  const s = report.steps.seg.summary;
  expect(s.k).toBeGreaterThanOrEqual(2);
  expect(report.steps.seg.rowsOut).toBe(report.steps.rfm1.rowsOut);
  const selection = readFileSync(join(dir, 'out', 'seg.selection.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(selection).toHaveLength(5); // header + k = 2..5
  // --tables: only the tables asked for are written.
  expect(
    readdirSync(join(dir, 'out'))
      .filter((f) => f.endsWith('.csv'))
      .sort(),
  ).toEqual(['dense.assignments.csv', 'seg.selection.csv']);
  // DBSCAN in the browser too: every customer assigned, noise as -1.
  expect(report.steps.dense.rowsOut).toBe(report.steps.rfm1.rowsOut);
  expect(report.steps.dense.summary.clusters.length).toBeGreaterThanOrEqual(1);
});

test('runner: cohorts and funnel recipes on the sample shop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-cohorts-'));
  const events = resolve('public/samples/events.csv');
  writeFileSync(
    join(dir, 'recipe.json'),
    JSON.stringify({
      version: 1,
      sources: [
        { name: 'events', file: events },
        { name: 'customers', file: resolve('public/samples/customers.csv') },
      ],
      steps: [
        {
          id: 'cohorts1',
          op: 'cohorts',
          input: 'events',
          params: { customer: 'customer_id', time: 'ts', amount: 'amount', period: 'month' },
        },
        {
          id: 'funnel1',
          op: 'funnel',
          input: 'events',
          params: {
            customer: 'customer_id',
            time: 'ts',
            event: 'event_type',
            stages: ['view', 'cart', 'purchase'],
            session: 'session_id',
            segmentTable: 'customers',
            segmentKey: 'customer_id',
            segmentColumn: 'planted_segment',
          },
        },
      ],
    }),
  );
  const res = await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'out'), '--allow-absolute-paths');
  expect(res.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  const retention = readFileSync(join(dir, 'out', 'cohorts1.retention.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(retention[0]).toBe('cohort,period_index,customers,active,retention');
  expect(retention.filter((l) => /,0,\d+,\d+,1\.0$|,0,\d+,\d+,1$/.test(l)).length).toBe(
    report.steps.cohorts1.summary.cohorts,
  );
  const stages = readFileSync(join(dir, 'out', 'funnel1.stages.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(stages).toHaveLength(4);
  expect(existsSync(join(dir, 'out', 'funnel1.by_segment.csv'))).toBe(true);
});

test('runner: sequences (PrefixSpan) and rule-induction (CART rules) in the browser on the sample shop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-seq-rules-'));
  writeFileSync(
    join(dir, 'recipe.json'),
    JSON.stringify({
      version: 1,
      sources: [
        { name: 'events', file: resolve('public/samples/events.csv') },
        { name: 'customers', file: resolve('public/samples/customers.csv') },
      ],
      steps: [
        {
          id: 'paths',
          op: 'sequences',
          input: 'events',
          params: {
            customer: 'customer_id',
            session: 'session_id',
            time: 'ts',
            symbol: 'event_type',
            minSupport: 0.01,
          },
        },
        {
          id: 'rfm1',
          op: 'rfm',
          input: 'events',
          params: { customer: 'customer_id', time: 'ts', amount: 'amount', basket: 'order_id' },
        },
        {
          id: 'why',
          op: 'rule-induction',
          input: 'rfm1',
          params: {
            features: ['recency_days', 'frequency', 'monetary'],
            label: 'churned',
            labelTable: 'customers',
            key: 'customer',
            labelKey: 'customer_id',
            maxDepth: 3,
          },
        },
      ],
    }),
  );
  const res = await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'out'), '--allow-absolute-paths');
  expect(res.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);

  // Sequences: one per session (PLANTED.md: 15,032); every purchase follows a cart after a view.
  expect(report.steps.paths.summary.sequences).toBe(15_032);
  const patterns = readFileSync(join(dir, 'out', 'paths.patterns.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(patterns[0]).toBe('pattern,length,count,support');
  expect(patterns.length - 1).toBe(report.steps.paths.summary.patterns);
  const countOf = (pattern: string[]) => {
    const quoted = `"${JSON.stringify(pattern).replaceAll('"', '""')}",`;
    const line = patterns.find((l) => l.startsWith(quoted));
    return line ? Number(line.slice(quoted.length).split(',')[1]) : undefined;
  };
  expect(countOf(['view', 'cart', 'purchase'])).toBeGreaterThan(0);
  expect(countOf(['view', 'cart', 'purchase'])).toBe(countOf(['purchase']));

  // Rule induction: the leaves partition the training rows, ranked from 1.
  const s = report.steps.why.summary;
  expect(s.leaves).toBeGreaterThanOrEqual(2);
  expect(s.sentences.length).toBeGreaterThan(0);
  expect(s.sentences[0]).toMatch(/→ churned \d+% \(base \d+%\), \d+% of rows$/);
  const rules = readFileSync(join(dir, 'out', 'why.rules.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(rules[0]).toBe('conditions,outcome,coverage,confidence,lift,count,rank');
  expect(rules.length - 1).toBe(s.leaves);
  const counts = rules.slice(1).map((l) => Number(l.split(',').at(-2)));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(s.split.train);
  expect(existsSync(join(dir, 'out', 'why.tree.csv'))).toBe(true);
});
