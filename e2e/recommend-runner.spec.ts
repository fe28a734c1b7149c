/**
 * Recommendations through the headless runner: `public/samples/recommend.recipe.json` runs
 * recommend (ItemCF), evaluate-recs (popularity, ItemCF, UserCF, TagCF, session under
 * leave-last-basket) and a lookalike audience in the browser's compute worker.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, readCsv } from './runner';

const csv = readCsv;

test('runner: recommend, evaluate-recs and lookalike on the sample shop', async () => {
  const out = mkdtempSync(join(tmpdir(), 'analyze-recommend-'));
  const res = await analyze('public/samples/recommend.recipe.json', '--out', out);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.status).toBe('ok');
  expect(report.egress.offOrigin).toEqual([]);
  const steps = report.steps;

  // 1538 customers bought something; each gets k = 10 items.
  const recs = csv(join(out, 'recs.recommendations.csv'));
  expect(recs.head).toBe('customer,rank,item,score,reason');
  expect(recs.rows).toHaveLength(1538 * 10);
  expect(steps.recs.rowsOut).toBe(1538 * 10);
  expect(new Set(recs.rows.map((r) => r.customer)).size).toBe(1538);
  for (const r of recs.rows.slice(0, 200)) expect(r.reason).toMatch(/^(bought with I\d{3}|popular overall)$/);
  expect(steps.recs.summary).toMatchObject({ algorithm: 'itemcf', customers: 1538, items: 120, k: 10 });
  // Similar items: the planted knife + board bundle (PLANTED.md §1).
  const similar = csv(join(out, 'recs.similar.csv'));
  expect(similar.head).toBe('item,rank,neighbour,similarity');
  expect(similar.rows.find((r) => r.item === 'I002' && r.rank === '1')!.neighbour).toBe('I008');

  // The comparison table: 5 algorithms × K = 5, 10, 20.
  const metrics = csv(join(out, 'evaluation.metrics.csv'));
  expect(metrics.head).toBe('algorithm,k,hr,precision,recall,ndcg,map,mrr,coverage,avg_popularity');
  expect(metrics.rows).toHaveLength(15);
  expect([...new Set(metrics.rows.map((r) => r.algorithm))]).toEqual([
    'popularity',
    'itemcf',
    'usercf',
    'tagcf',
    'session',
  ]);
  const ndcg10 = Object.fromEntries(metrics.rows.filter((r) => r.k === '10').map((r) => [r.algorithm, Number(r.ndcg)]));
  expect(ndcg10.itemcf).toBeGreaterThan(ndcg10.popularity!);
  const s = steps.evaluation.summary;
  expect(s.customers).toEqual({ total: 1538, test: 1160, trainOnly: 378 });
  expect(s.algorithms.map((a: { name: string }) => a.name)).toEqual([
    'popularity',
    'itemcf',
    'usercf',
    'tagcf',
    'session',
  ]);
  for (const a of s.algorithms) expect(a.trainMs + a.scoreMs).toBeLessThan(20_000);
  // The sentence names exactly the algorithms at or below popularity.
  const losers = Object.keys(ndcg10).filter((name) => name !== 'popularity' && !(ndcg10[name]! > ndcg10.popularity!));
  expect(s.notBeatingPopularity).toEqual(losers);
  for (const name of losers) expect(s.verdict).toContain(name);

  // Lookalikes of the premium segment: 200 customers, none of them a seed.
  const look = csv(join(out, 'audience.lookalikes.csv'));
  expect(look.head).toBe('customer,rank,score');
  expect(look.rows).toHaveLength(200);
  const customers = csv('public/samples/customers.csv').rows;
  const premium = new Set(customers.filter((c) => c.planted_segment === 'premium_shopper').map((c) => c.customer_id));
  expect(look.rows.filter((r) => premium.has(r.customer!))).toEqual([]);
  const scores = look.rows.map((r) => Number(r.score));
  for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThanOrEqual(scores[i - 1]!);
  expect(steps.audience.summary.seeds.found).toBe(
    steps.audience.summary.seeds.given - steps.audience.summary.seeds.missing,
  );
});
