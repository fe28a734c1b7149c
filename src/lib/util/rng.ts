/**
 * Seeded pseudo-random numbers for reproducible sample data, tests and demos.
 *
 * Math.random() cannot be seeded, so anything that must come out identical run after run
 * (generated sample CSVs, train/test splits in tests) draws from here instead.
 * mulberry32 is tiny, fast and statistically good enough for simulation; it is NOT
 * suitable for anything security-related.
 */

/** mulberry32: a 32-bit state generator returning uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience wrapper over mulberry32 with the distributions the generators need. */
export class Rng {
  private readonly uniform: () => number;
  /** Box–Muller yields normals in pairs; the second one is kept for the next call. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.uniform = mulberry32(seed);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Normal draw via Box–Muller. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    // 1 - u keeps the argument of log in (0, 1], so log never sees 0.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return mean + sd * radius * Math.cos(2 * Math.PI * u2);
  }

  /** One element chosen uniformly. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('Rng.pick: empty array');
    return xs[this.int(xs.length)] as T;
  }

  /** Index i drawn with probability weights[i] / sum(weights). Weights must be ≥ 0, not all 0. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Rng.weighted: bad weight ${w}`);
      total += w;
    }
    if (total <= 0) throw new RangeError('Rng.weighted: weights sum to 0');
    let r = this.uniform() * total;
    let lastPositive = -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] ?? 0;
      if (w <= 0) continue;
      lastPositive = i;
      r -= w;
      if (r < 0) return i;
    }
    // Floating-point rounding can leave r a hair above 0 after the loop.
    return lastPositive;
  }

  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = xs[i] as T;
      xs[i] = xs[j] as T;
      xs[j] = tmp;
    }
    return xs;
  }

  /** Poisson draw. Knuth's product method for small λ, rounded normal approximation for large λ. */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Rng.poisson: bad lambda ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda > 30) {
      // Knuth's method needs ~λ uniforms and exp(-λ) underflows for large λ.
      return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
}
