/**
 * An experiment readout from one value per unit: per arm the mean with its interval, the lift over
 * control with a delta-method interval, the test against control (pooled two-proportion z for a 0/1
 * metric, Welch otherwise), P(best) and expected loss (bayes.ts), the sample-ratio-mismatch check,
 * CUPED when a pre-period covariate is given, and the minimum detectable effect. No multiplicity
 * correction: each variant is tested against control at `alpha` on its own.
 */
import { betaPosterior, normalPosterior, probBest, type Posterior } from './bayes';
import {
  chiSquareGof,
  cupedTheta,
  liftInterval,
  mde,
  moments,
  tInterval,
  twoProportionZ,
  welch,
  wilson,
  type Moments,
} from './tests';

export interface AbInput {
  /** Arm per unit. */
  variant: string[];
  /** Metric per unit (a 0/1 metric: 0 or 1). */
  value: Float64Array;
  /** Pre-period covariate per unit (NaN where the unit has none). */
  pre?: Float64Array;
  control: string;
  binary: boolean;
  alpha: number;
  /** Expected share per arm (any positive weights); default equal. */
  expectedSplit?: Record<string, number>;
}

export interface ArmRow {
  variant: string;
  n: number;
  mean: number;
  ci_low: number;
  ci_high: number;
  lift: number | null;
  lift_ci_low: number | null;
  lift_ci_high: number | null;
  p: number | null;
  prob_best: number;
  /** Beyond the arms table: the expected loss of shipping this arm, and the MDE against control. */
  expected_loss: number;
  mde: number | null;
}

export interface AbReadout {
  arms: ArmRow[];
  srm: { chi2: number; p: number; flagged: boolean; expected: Record<string, number> };
  /** With `pre`: θ, the variance of the metric removed (1 − var(adjusted)/var(raw)), units without a pre value. */
  cuped: { theta: number; varianceReduction: number; unitsWithoutPre: number } | null;
  /** Whether the means are of the CUPED-adjusted metric (then the test is Welch's, even for a 0/1 metric). */
  adjusted: boolean;
}

export const SRM_P = 0.001;

export function abReadout(input: AbInput): AbReadout {
  const { variant, control, alpha } = input;
  const names = [...new Set(variant)].sort((a, b) => (a === control ? -1 : b === control ? 1 : a < b ? -1 : 1));
  let value = input.value;
  let cuped: AbReadout['cuped'] = null;
  if (input.pre) {
    // Units without a pre value get no adjustment: their covariate is set to the mean of the others.
    const pre = input.pre;
    const known = pre.filter((x) => Number.isFinite(x));
    const preMean = known.reduce((s, x) => s + x, 0) / known.length;
    const x = pre.map((v) => (Number.isFinite(v) ? v : preMean));
    const theta = cupedTheta(value, x);
    if (Number.isFinite(theta)) {
      const adjusted = value.map((y, i) => y - theta * (x[i]! - preMean));
      cuped = {
        theta,
        varianceReduction: 1 - moments(adjusted).variance / moments(value).variance,
        unitsWithoutPre: pre.length - known.length,
      };
      value = adjusted;
    }
  }
  const binary = input.binary && !cuped;
  const byArm = new Map(names.map((n) => [n, [] as number[]]));
  variant.forEach((v, i) => byArm.get(v)!.push(value[i]!));
  const stats = new Map<string, Moments & { sum: number }>(
    names.map((n) => {
      const xs = byArm.get(n)!;
      const m = moments(xs);
      return [n, { ...m, sum: xs.reduce((s, x) => s + x, 0) }];
    }),
  );
  const c = stats.get(control)!;
  const se = (m: Moments) => Math.sqrt((binary ? m.mean * (1 - m.mean) : m.variance) / m.n);
  const posteriors: Posterior[] = names.map((n) => {
    const m = stats.get(n)!;
    return binary ? betaPosterior(m.sum, m.n) : normalPosterior(m.mean, Math.sqrt(m.variance / m.n));
  });
  const bayes = probBest(posteriors);
  const arms = names.map((name, k): ArmRow => {
    const m = stats.get(name)!;
    const [lo, hi] = binary ? wilson(m.sum, m.n, alpha) : tInterval(m, alpha);
    const isControl = name === control;
    const lift = isControl ? null : liftInterval(m.mean, se(m), c.mean, se(c), alpha);
    const test = isControl ? null : binary ? twoProportionZ(m.sum, m.n, c.sum, c.n) : welch(m, c);
    const variance = binary ? c.mean * (1 - c.mean) : c.variance;
    return {
      variant: name,
      n: m.n,
      mean: m.mean,
      ci_low: lo,
      ci_high: hi,
      lift: lift ? lift.lift : null,
      lift_ci_low: lift ? lift.low : null,
      lift_ci_high: lift ? lift.high : null,
      p: test ? test.p : null,
      prob_best: bayes.probBest[k]!,
      expected_loss: bayes.expectedLoss[k]!,
      mde: isControl ? null : mde(variance, c.n, m.n, alpha),
    };
  });
  // Sample-ratio mismatch: the arm counts against N × the expected shares.
  const weights = names.map((n) => input.expectedSplit?.[n] ?? (input.expectedSplit ? 0 : 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const nAll = variant.length;
  const expected = weights.map((w) => (nAll * w) / total);
  const gof = chiSquareGof(
    names.map((n) => stats.get(n)!.n),
    expected,
  );
  return {
    arms,
    srm: {
      chi2: gof.statistic,
      p: gof.p,
      flagged: gof.p < SRM_P,
      expected: Object.fromEntries(names.map((n, i) => [n, expected[i]!])),
    },
    cuped,
    adjusted: !!cuped,
  };
}
