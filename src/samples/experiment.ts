/**
 * A sample A/B/n experiment with a planted lift on one arm (`experiment.csv`), for the ab-test op.
 * Its own file and random stream, so the other samples stay byte-identical. Described in PLANTED.md
 * ("Experiment"); the parameters below are the truth.
 *
 * Each unit has a latent propensity u ~ N(0, 1) that drives both its spend before the test
 * (`pre_revenue`, the CUPED covariate) and its chance to convert during it, so CUPED has something
 * to remove. Arms are assigned at random with equal shares (no sample-ratio mismatch); a few units
 * were logged in two arms (an assignment bug the readout must leave out and count).
 */
import { Rng } from '../lib/util/rng';

export const EXPERIMENT = {
  seed: 42,
  units: 12_000,
  arms: ['control', 'A', 'B'] as const,
  /** Conversion rate per arm, averaged over the propensity: B converts 25 % more; A is a dud. */
  rates: { control: 0.1, A: 0.1, B: 0.125 },
  plantedLift: { A: 0, B: 0.25 },
  /** Units logged a second time under another arm. */
  mixedUnits: 40,
  /** Units with no history (`pre_revenue` empty). */
  newUnitShare: 0.02,
  header: ['user_id', 'variant', 'converted', 'revenue', 'pre_revenue'] as const,
} as const;

type Arm = (typeof EXPERIMENT.arms)[number];

/** Cents to a 2-decimal string. */
function money(x: number): string {
  return (Math.round(Math.max(0, x) * 100) / 100).toFixed(2);
}

export function generateExperiment(seed: number = EXPERIMENT.seed): string {
  // A stream of its own (a different constant from the four main tables' streams).
  const rng = new Rng((Math.imul(seed ^ 0x0e7e5a11, 0x9e3779b9) >>> 0) ^ 0x51ed270b);
  const lines = [EXPERIMENT.header.join(',')];
  const mixed: Array<[string, Arm]> = [];
  for (let i = 1; i <= EXPERIMENT.units; i++) {
    const id = `U${String(i).padStart(5, '0')}`;
    const arm = EXPERIMENT.arms[rng.int(EXPERIMENT.arms.length)]!;
    const u = rng.normal();
    // E[exp(0.5u)] = exp(0.125), so the arm's mean rate is its planted rate.
    const p = Math.min(1, EXPERIMENT.rates[arm] * Math.exp(0.5 * u - 0.125));
    const converted = rng.next() < p ? 1 : 0;
    const pre = 40 * Math.exp(0.6 * u + 0.3 * rng.normal());
    const basket = 20 + 0.6 * pre + rng.normal(0, 8);
    const isNew = rng.next() < EXPERIMENT.newUnitShare;
    lines.push([id, arm, converted, money(converted * basket), isNew ? '' : money(pre)].join(','));
    if (mixed.length < EXPERIMENT.mixedUnits && i % 250 === 0) {
      const other = EXPERIMENT.arms[(EXPERIMENT.arms.indexOf(arm) + 1) % EXPERIMENT.arms.length]!;
      mixed.push([id, other]);
    }
  }
  // The units logged twice: a second row under another arm, at the end of the log.
  for (const [id, arm] of mixed) lines.push([id, arm, 0, '0.00', ''].join(','));
  return lines.join('\n') + '\n';
}
