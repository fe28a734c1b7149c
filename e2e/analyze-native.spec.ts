/**
 * The headless runner's native engine (`--engine native`): the recipe runs in Node on native
 * DuckDB and TF.js's WASM backend behind the network guard. Its report's egress list is the
 * guard's record of attempts, and must be empty (the zero-egress assertion for these tests).
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, run } from './runner';

const canIsolate = process.getuid?.() === 0 && existsSync('/usr/bin/unshare') && existsSync('/usr/sbin/ip');

test('--engine native with no network at all runs the sample recipe, caps a table and names itself in the audit', async () => {
  test.skip(!canIsolate, 'needs root, unshare and ip to make a network namespace (CI here runs as root)');
  const out = mkdtempSync(join(tmpdir(), 'native-offline-'));
  const res = await run('unshare', [
    '-n',
    'sh',
    '-c',
    `ip link set lo up && node scripts/analyze.mjs public/samples/demo.recipe.json --out ${out} --engine native --threads 2 --max-rows 100`,
  ]);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.status).toBe('ok');
  expect(report.egress).toMatchObject({ offOrigin: [], requests: 0 });
  expect(report.environment.engine).toMatch(/^native DuckDB v1\.\d+\.\d+, 2 threads; tfjs \S+ wasm$/);
  expect(report.environment.networkGuard).toMatch(/guard on.*\(0 attempts\)/);
  expect(report.steps.churn1.backend.name).toBe('wasm');
  expect(report.steps.churn1.summary.testAuc).toBeGreaterThan(0.7);
  // 1,538 customers, cut to the first 100, and the report says so.
  const rfm = readFileSync(join(out, 'rfm1.rfm.csv'), 'utf8').trim().split('\n');
  expect(rfm[0]).toBe('customer,recency_days,frequency,monetary,r_score,f_score,m_score,segment');
  expect(rfm.length - 1).toBe(100);
  expect(report.steps.rfm1.rowsOut).toBeGreaterThan(100);
  expect(report.csv).toMatchObject({
    maxRows: 100,
    tables: { 'rfm1.rfm': { rows: 100, capped: true, of: report.steps.rfm1.rowsOut } },
  });
  const audit = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'));
  expect(audit.engine).toBe(report.environment.engine);
  expect(audit.network).toMatchObject({ offOriginCount: 0, requests: 0 });
  expect(audit.network.guard).toMatch(/^Node network guard on/);
  expect(audit.outputs.find((o: { name: string }) => o.name === 'rfm1.rfm.csv').note).toMatch(/first 100 of \d+ rows/);
  const html = readFileSync(join(out, 'audit.html'), 'utf8');
  expect(html).toContain('data-engine>native DuckDB');
  expect(html).toContain('data-off-origin="0"');
});

test('--engine native keeps DuckDB closed: a sql step cannot read a file that is not a source', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'native-sandbox-'));
  writeFileSync(join(dir, 'shop.csv'), 'customer,amount\nA,10\n');
  writeFileSync(join(dir, 'secret.csv'), 'x\n1\n');
  writeFileSync(
    join(dir, 'recipe.json'),
    JSON.stringify({
      version: 2,
      sources: [{ name: 'shop', file: 'shop.csv' }],
      steps: [{ id: 'peek', op: 'sql', params: { query: `SELECT * FROM read_csv('${join(dir, 'secret.csv')}')` } }],
    }),
  );
  const res = await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'out'), '--engine', 'native');
  expect(res.code).toBe(1);
  expect(res.stderr.trim()).toMatch(/^custodian analyze: .*tried to read or write a file outside the app/);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  expect(report.steps.shop.status).toBe('ok');
  const bad = await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'o2'), '--engine', 'gpu');
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toBe(`custodian analyze: --engine is browser or native, not 'gpu'`);
});
