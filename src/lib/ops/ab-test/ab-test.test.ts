import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runOp } from '../../../test-support/run-op';
import reference from '../../stats/fixtures/reference.json';
import { EXPERIMENT } from '../../../samples/experiment';
import { abTestOp } from '.';
import { readArms, type Arm } from './read';

const csv = fileURLToPath(new URL('../../../../public/samples/experiment.csv', import.meta.url));

/** |actual − expected| ≤ 1e-6 · max(1, |expected|), null for null. */
function close(actual: number | null, expected: number | null): void {
  if (expected === null) return void expect(actual).toBeNull();
  const err = Math.abs(actual! - expected) / Math.max(1, Math.abs(expected));
  if (!(err <= 1e-6)) expect.fail(`${actual} vs ${expected}: error ${err}`);
}

type Expected = { arms: Array<{ variant: string; n: number } & Record<string, string | number | null>> };
function matches(arms: Arm[], expected: Expected): void {
  expect(arms.map((a) => [a.variant, a.n])).toEqual(expected.arms.map((a) => [a.variant, a.n]));
  arms.forEach((a, i) => {
    const e = expected.arms[i]!;
    for (const k of ['mean', 'ci_low', 'ci_high', 'lift', 'lift_ci_low', 'lift_ci_high', 'p', 'prob_best'] as const)
      close(a[k], e[k] as number | null);
    close(a.expected_loss, e.expected_loss as number);
    close(a.mde, e.mde as number | null);
  });
}

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create({ allow: [dirname(csv)] });
  await db.exec(`CREATE TABLE experiment AS SELECT * FROM read_csv('${csv}', header = true)`);
});
afterAll(() => db.close());

describe('ab-test op on the sample experiment, against scipy / statsmodels', () => {
  it('a 0/1 metric: Wilson intervals, pooled z-test, Beta P(best); the planted lift is recovered', async () => {
    const r = await runOp(db, abTestOp, 'ab1', 'experiment', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'converted',
    });
    const arms = await readArms(db, 'ab1');
    matches(arms, reference.experiment.converted);
    expect(r.summary).toMatchObject({ kind: 'binary', test: 'two-proportion z', mixedUnits: EXPERIMENT.mixedUnits });
    expect(r.summary.units).toBe(EXPERIMENT.units - EXPERIMENT.mixedUnits);
    close((r.summary.srm as { p: number }).p, reference.experiment.converted.srm.p);
    expect(r.summary.trustworthy).toBe(true);
    // The planted +25 % on B lies inside its interval and B wins; A's interval holds 0.
    const b = arms.find((a) => a.variant === 'B')!;
    const a = arms.find((x) => x.variant === 'A')!;
    expect(b.lift_ci_low!).toBeLessThan(EXPERIMENT.plantedLift.B);
    expect(b.lift_ci_high!).toBeGreaterThan(EXPERIMENT.plantedLift.B);
    expect(b.p!).toBeLessThan(0.05);
    expect(b.prob_best!).toBeGreaterThan(0.95);
    expect(a.lift_ci_low!).toBeLessThan(0);
    expect(a.lift_ci_high!).toBeGreaterThan(0);
    expect(r.summary.best).toBe('B');
    expect(String(r.summary.sentence)).toMatch(/no multiplicity correction/i);
  });

  it('a continuous metric: t intervals, Welch, normal P(best); with CUPED on pre_revenue', async () => {
    await runOp(db, abTestOp, 'ab2', 'experiment', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'revenue',
    });
    matches(await readArms(db, 'ab2'), reference.experiment.revenue);
    const r = await runOp(db, abTestOp, 'ab3', 'experiment', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'revenue',
      pre: 'pre_revenue',
    });
    matches(await readArms(db, 'ab3'), reference.experiment.revenueCuped);
    const cuped = r.summary.cuped as { theta: number; varianceReduction: number; unitsWithoutPre: number };
    close(cuped.theta, reference.experiment.revenueCuped.cuped!.theta);
    close(cuped.varianceReduction, reference.experiment.revenueCuped.cuped!.varianceReduction);
    expect(cuped.unitsWithoutPre).toBeGreaterThan(0);
  });

  it('CUPED on a 0/1 metric tests the adjusted metric with Welch; alpha changes the intervals and MDE', async () => {
    const r = await runOp(db, abTestOp, 'ab4', 'experiment', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'converted',
      pre: 'pre_revenue',
    });
    expect(r.summary.test).toBe('welch');
    matches(await readArms(db, 'ab4'), reference.experiment.convertedCuped);
    await runOp(db, abTestOp, 'ab5', 'experiment', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'converted',
      alpha: 0.1,
    });
    matches(await readArms(db, 'ab5'), reference.experiment.alpha01);
  });

  it('flags a sample-ratio mismatch and says the readout cannot be trusted', async () => {
    // Drop 10 % of B's units, as a redirect bug would: B's rate is unchanged, its count is not.
    await db.exec(
      `CREATE TABLE lossy AS SELECT * FROM experiment WHERE NOT (variant = 'B' AND hash(user_id) % 10 = 0)`,
    );
    const r = await runOp(db, abTestOp, 'ab6', 'lossy', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'converted',
    });
    expect((r.summary.srm as { p: number }).p).toBeLessThan(0.001);
    expect(r.summary.trustworthy).toBe(false);
    expect(String(r.summary.sentence)).toMatch(/cannot be trusted/);
    // The same data against the split it did get is no mismatch.
    const counts = Object.fromEntries((await readArms(db, 'ab6')).map((a) => [a.variant, a.n]));
    const ok = await runOp(db, abTestOp, 'ab7', 'lossy', {
      unit: 'user_id',
      variant: 'variant',
      control: 'control',
      metric: 'converted',
      expectedSplit: counts,
    });
    expect((ok.summary.srm as { p: number }).p).toBeCloseTo(1, 9);
  });

  it('names what is wrong', async () => {
    const run = (p: Record<string, unknown>) =>
      runOp(db, abTestOp, 'abx', 'experiment', {
        unit: 'user_id',
        variant: 'variant',
        control: 'control',
        metric: 'converted',
        ...p,
      });
    await expect(run({ control: 'ctrl' })).rejects.toThrow(
      /field 'control': 'ctrl' is not a value of 'variant' \(values: A, B, control\)/,
    );
    await expect(run({ metric: 'variant' })).rejects.toThrow(/field 'metric': \d+ values of 'variant' are not numbers/);
    await expect(run({ variant: 'user_id', control: 'U00001' })).rejects.toThrow(
      /field 'variant': 'user_id' has \d+ values/,
    );
    await expect(run({ expectedSplit: { control: 1, A: 1 } })).rejects.toThrow(
      /field 'expectedSplit': no share for arm 'B'/,
    );
  });
});
