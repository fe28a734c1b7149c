/**
 * Seeded simulation from the BG/NBD and Gamma-Gamma generative stories, for parameter-recovery
 * tests and demos. Deterministic for a given seed.
 */
import type { BgNbdParams, RfmData } from './bgnbd';
import type { GammaGammaParams } from './gamma-gamma';

/** Mulberry32: a small, fast 32-bit PRNG; uniform on [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rng: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), with the u^(1/shape) boost for shape < 1. */
export function sampleGamma(rng: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1, rate) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** Beta(a, b) as G₁/(G₁ + G₂) with Gᵢ gamma draws. */
export function sampleBeta(rng: () => number, a: number, b: number): number {
  const g1 = sampleGamma(rng, a, 1);
  const g2 = sampleGamma(rng, b, 1);
  return g1 / (g1 + g2);
}

/**
 * n customers from the BG/NBD story (FHL 2005 §2): λ ~ Gamma(r, α), p ~ Beta(a, b); purchases
 * form a Poisson(λ) process from the first purchase at time 0; after each repeat purchase the
 * customer drops out with probability p. `T[i]` is each customer's observation length.
 */
export function simulateBgNbd(params: BgNbdParams, T: Float64Array, seed: number): RfmData {
  const rng = mulberry32(seed);
  const n = T.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const p = sampleBeta(rng, params.a, params.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - rng()) / lambda;
      if (!(t <= T[i]!)) break;
      x++;
      tx = t;
      if (rng() < p) break;
    }
    frequency[i] = x;
    recency[i] = tx;
  }
  return { frequency, recency, T: Float64Array.from(T) };
}

/** Mean transaction value z̄ for each customer's x transactions (0 where x = 0), Gamma-Gamma story. */
export function simulateMeanSpend(params: GammaGammaParams, frequency: Float64Array, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const nu = sampleGamma(rng, params.q, params.v);
    // The sum of x Gamma(p, ν) values is Gamma(px, ν).
    out[i] = x > 0 ? sampleGamma(rng, params.p * x, nu) / x : 0;
  }
  return out;
}
