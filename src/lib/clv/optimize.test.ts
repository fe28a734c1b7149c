import { describe, expect, it } from 'vitest';
import { centralDifferenceGradient, minimizeBfgs, type Objective } from './optimize';

const rosenbrock: Objective = (x, g) => {
  const [a, b] = [x[0]!, x[1]!];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeBfgs', () => {
  it('solves the Rosenbrock valley', () => {
    const res = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 7);
    expect(res.x[1]).toBeCloseTo(1, 7);
    expect(res.iterations).toBeLessThan(100);
  });

  it('minimises an ill-conditioned quadratic exactly', () => {
    const scales = [1, 1e2, 1e4, 1e-2];
    const f: Objective = (x, g) => {
      let s = 0;
      for (let i = 0; i < 4; i++) {
        const d = x[i]! - (i + 1);
        g[i] = scales[i]! * d;
        s += 0.5 * scales[i]! * d * d;
      }
      return s;
    };
    const res = minimizeBfgs(f, [0, 0, 0, 0], { gradientTolerance: 1e-12 });
    expect(res.converged).toBe(true);
    res.x.forEach((v, i) => expect(v).toBeCloseTo(i + 1, 8));
  });

  it('backs off from regions where the objective is not finite', () => {
    // f = (x − 1)² + 0.01(x − ln x) is NaN for x ≤ 0; the first full step from x = 3 lands at x ≈ −1.
    let sawNaN = false;
    const f: Objective = (x, g) => {
      const v = x[0]!;
      g[0] = 2 * (v - 1) + 0.01 * (1 - 1 / v);
      const value = (v - 1) ** 2 + 0.01 * (v - Math.log(v));
      if (Number.isNaN(value)) sawNaN = true;
      return value;
    };
    const res = minimizeBfgs(f, [3], { maxStep: 10 });
    expect(sawNaN).toBe(true);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 7);
  });

  it('is deterministic (bit-identical reruns)', () => {
    const a = minimizeBfgs(rosenbrock, [-1.2, 1]);
    const b = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(b.evaluations).toBe(a.evaluations);
  });

  it('throws when the start point is not finite', () => {
    expect(() => minimizeBfgs((x, g) => ((g[0] = 0), Math.log(x[0]!)), [-1])).toThrow();
  });
});

describe('centralDifferenceGradient', () => {
  it('agrees with an analytic gradient', () => {
    const g = new Float64Array(2);
    rosenbrock(Float64Array.from([0.3, -0.4]), g);
    const fd = centralDifferenceGradient((x) => rosenbrock(x, new Float64Array(2)), [0.3, -0.4]);
    expect(fd[0]).toBeCloseTo(g[0]!, 6);
    expect(fd[1]).toBeCloseTo(g[1]!, 6);
  });
});
