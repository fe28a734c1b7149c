/**
 * Deterministic unconstrained minimisation: BFGS on the inverse Hessian with a strong-Wolfe
 * line search (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 6.1, 3.5 and 3.6).
 * The CLV fitters call it on log-parameters, so every model parameter stays positive.
 *
 * Robustness: non-finite objective values count as "too high" (the step is shortened, never
 * accepted); steps are capped in ∞-norm; a failed line search resets the Hessian approximation
 * to a scaled identity and retries once along steepest descent before giving up.
 */

/** Returns f(x) and writes ∇f(x) into `grad`. Must not keep references to `x` or `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** Stop when ‖∇f‖∞ ≤ this (default 1e-9). */
  gradientTolerance?: number;
  /** Stop when an accepted step lowers f by ≤ this × max(1, |f|) (default 1e-15). */
  functionTolerance?: number;
  maxIterations?: number; // default 500
  /** Largest change of any coordinate in one step (default 5: a factor e⁵ on a log-parameter). */
  maxStep?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  /** ‖∇f‖∞ at the returned point. */
  gradientNorm: number;
  iterations: number;
  /** Objective evaluations, line searches included. */
  evaluations: number;
  converged: boolean;
  message: string;
}

const C1 = 1e-4; // sufficient-decrease constant
const C2 = 0.9; // curvature constant (quasi-Newton value)

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
}

function normInf(u: Float64Array): number {
  let m = 0;
  for (let i = 0; i < u.length; i++) m = Math.max(m, Math.abs(u[i]!));
  return m;
}

interface Trial {
  alpha: number;
  f: number;
  dphi: number; // ∇f(x + αd)·d
  x: Float64Array;
  g: Float64Array;
}

/** Strong-Wolfe line search along d from x (N&W Alg. 3.5 with zoom, Alg. 3.6). */
function lineSearch(
  fg: Objective,
  x: Float64Array,
  f0: number,
  dphi0: number,
  d: Float64Array,
  alpha0: number,
  alphaMax: number,
  count: { evals: number },
): Trial | undefined {
  const n = x.length;
  const evalAt = (alpha: number): Trial => {
    const xt = new Float64Array(n);
    for (let i = 0; i < n; i++) xt[i] = x[i]! + alpha * d[i]!;
    const g = new Float64Array(n);
    count.evals++;
    let f = fg(xt, g);
    if (!Number.isFinite(f) || !g.every(Number.isFinite)) f = Infinity;
    return { alpha, f, dphi: f === Infinity ? NaN : dot(g, d), x: xt, g };
  };
  const armijoFails = (t: Trial) => !(t.f <= f0 + C1 * t.alpha * dphi0);
  const curvatureHolds = (t: Trial) => Math.abs(t.dphi) <= -C2 * dphi0;

  const zoom = (lo: Trial | undefined, hiAlpha: number, hi: Trial | undefined): Trial | undefined => {
    // `lo` undefined stands for α = 0 (f0, dphi0); it is always the best point found so far.
    for (let k = 0; k < 60; k++) {
      const aLo = lo?.alpha ?? 0;
      const fLo = lo?.f ?? f0;
      const dLo = lo?.dphi ?? dphi0;
      const width = hiAlpha - aLo;
      let a = aLo + 0.5 * width;
      if (hi && Number.isFinite(hi.f)) {
        // Minimiser of the quadratic through (aLo, fLo, dLo) and (aHi, fHi), safeguarded.
        const denom = 2 * (hi.f - fLo - dLo * width);
        if (denom !== 0) {
          const q = aLo - (dLo * width * width) / denom;
          const lower = Math.min(aLo + 0.1 * width, aLo + 0.9 * width);
          const upper = Math.max(aLo + 0.1 * width, aLo + 0.9 * width);
          if (Number.isFinite(q)) a = Math.min(upper, Math.max(lower, q));
        }
      }
      if (Math.abs(width) <= 1e-16 * Math.max(1, Math.abs(aLo))) break;
      const t = evalAt(a);
      if (armijoFails(t) || t.f >= fLo) {
        hiAlpha = a;
        hi = t;
      } else {
        if (curvatureHolds(t)) return t;
        if (t.dphi * (hiAlpha - aLo) >= 0) {
          hiAlpha = aLo;
          hi = lo;
        }
        lo = t;
      }
    }
    return lo; // best point with sufficient decrease, if any
  };

  let prev: Trial | undefined;
  let alpha = alpha0;
  for (let i = 0; i < 40; i++) {
    const t = evalAt(alpha);
    if (armijoFails(t) || (prev && t.f >= prev.f)) return zoom(prev, alpha, t);
    if (curvatureHolds(t)) return t;
    if (t.dphi >= 0) return zoom(t, prev?.alpha ?? 0, prev);
    if (alpha >= alphaMax) return t;
    prev = t;
    alpha = Math.min(2 * alpha, alphaMax);
  }
  return prev;
}

/** Minimise f from x0 with BFGS. Deterministic: the same inputs give bit-identical results. */
export function minimizeBfgs(fg: Objective, x0: ArrayLike<number>, opts: MinimizeOptions = {}): MinimizeResult {
  const gtol = opts.gradientTolerance ?? 1e-9;
  const ftol = opts.functionTolerance ?? 1e-15;
  const maxIter = opts.maxIterations ?? 500;
  const maxStep = opts.maxStep ?? 5;
  const n = x0.length;
  const count = { evals: 1 };

  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = fg(x, g);
  if (!Number.isFinite(f) || !g.every(Number.isFinite))
    throw new Error('minimizeBfgs: objective is not finite at the start point');

  const H = new Float64Array(n * n); // inverse Hessian approximation, row-major
  const resetH = (scale: number) => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = scale;
  };
  resetH(1);
  let identity = true;
  const d = new Float64Array(n);
  const Hy = new Float64Array(n);

  let iter = 0;
  let message = 'maximum iterations reached';
  let converged = false;
  for (; iter < maxIter; iter++) {
    if (normInf(g) <= gtol) {
      converged = true;
      message = 'gradient tolerance reached';
      break;
    }
    // d = −H g
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j]! * g[j]!;
      d[i] = s;
    }
    let dphi0 = dot(g, d);
    if (!(dphi0 < 0)) {
      resetH(1);
      identity = true;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      dphi0 = dot(g, d);
    }
    const alphaMax = maxStep / normInf(d);
    const trial = lineSearch(fg, x, f, dphi0, d, Math.min(1, alphaMax), alphaMax, count);
    if (!trial || !(trial.f < f)) {
      if (!identity) {
        resetH(1);
        identity = true;
        continue;
      }
      message = 'line search found no lower point';
      // At the optimum, rounding makes further decrease impossible: accept a near-stationary point.
      converged = normInf(g) <= Math.sqrt(gtol);
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial.x[i]! - x[i]!;
      y[i] = trial.g[i]! - g[i]!;
    }
    const decrease = f - trial.f;
    x = trial.x;
    g = trial.g;
    f = trial.f;
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (identity) resetH(sy / dot(y, y)); // N&W eq. 6.20 initial scaling
      identity = false;
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded with Hy = H y (H symmetric).
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += H[i * n + j]! * y[j]!;
        Hy[i] = t;
      }
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
    if (decrease <= ftol * Math.max(1, Math.abs(f)) && normInf(g) <= Math.sqrt(gtol)) {
      iter++;
      converged = true;
      message = 'function tolerance reached';
      break;
    }
  }
  return {
    x,
    f,
    gradient: g,
    gradientNorm: normInf(g),
    iterations: iter,
    evaluations: count.evals,
    converged,
    message,
  };
}

/**
 * Central-difference gradient of f at x, step h·max(1, |xᵢ|) per coordinate (error O(h²));
 * for checking analytic gradients.
 */
export function centralDifferenceGradient(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  h = 1e-5,
): Float64Array {
  const xs = Float64Array.from(x);
  const g = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i]!;
    const step = h * Math.max(1, Math.abs(xi));
    xs[i] = xi + step;
    const fp = f(xs);
    xs[i] = xi - step;
    const fm = f(xs);
    xs[i] = xi;
    g[i] = (fp - fm) / (2 * step);
  }
  return g;
}

/**
 * Hessian of f at x by central differences of its analytic gradient (step h·max(1, |xᵢ|)),
 * symmetrised; n×n row-major. Used for standard errors at a maximum-likelihood estimate.
 */
export function hessianFromGradient(fg: Objective, x: ArrayLike<number>, h = 1e-5): Float64Array {
  const n = x.length;
  const xs = Float64Array.from(x);
  const H = new Float64Array(n * n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const xj = xs[j]!;
    const step = h * Math.max(1, Math.abs(xj));
    xs[j] = xj + step;
    fg(xs, gp);
    xs[j] = xj - step;
    fg(xs, gm);
    xs[j] = xj;
    for (let i = 0; i < n; i++) H[i * n + j] = (gp[i]! - gm[i]!) / (2 * step);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (H[i * n + j]! + H[j * n + i]!);
      H[i * n + j] = m;
      H[j * n + i] = m;
    }
  }
  return H;
}

/** Inverse of a symmetric positive-definite n×n matrix via Cholesky; undefined if not SPD. */
export function invertSpd(A: Float64Array, n: number): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j]!;
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹: solve L Lᵀ X = I column by column.
  const inv = new Float64Array(n * n);
  const y = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
      y[i] = s / L[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * inv[k * n + c]!;
      inv[i * n + c] = s / L[i * n + i]!;
    }
  }
  return inv;
}

/**
 * Asymptotic standard errors of θ̂ for an objective f = −ℓ/W (mean negative log-likelihood with
 * total weight W) at its minimum: sqrt(diag((W·∇²f)⁻¹)). NaN where the Hessian is not SPD.
 */
export function standardErrors(fg: Objective, x: ArrayLike<number>, totalWeight: number): Float64Array {
  const n = x.length;
  const H = hessianFromGradient(fg, x);
  for (let i = 0; i < H.length; i++) H[i] = H[i]! * totalWeight;
  const inv = invertSpd(H, n);
  const se = new Float64Array(n);
  for (let i = 0; i < n; i++) se[i] = inv ? Math.sqrt(inv[i * n + i]!) : NaN;
  return se;
}
