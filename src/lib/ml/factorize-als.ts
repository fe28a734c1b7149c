/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008, "Collaborative Filtering for Implicit
 * Feedback Datasets") with the conjugate-gradient solver of Takács, Pilászy & Tikk 2011
 * ("Applications of the conjugate gradient method for implicit feedback collaborative
 * filtering"), as the `implicit` library's `least_squares_cg` does it, vectorised over all users
 * (then all items) at once.
 *
 * For user u, with confidence c_ui = 1 + α·w_ui on the observed items I_u (1 elsewhere):
 *   A_u x = b_u,  A_u = YᵀY + λI + Σ_{i∈I_u} (c_ui − 1) y_i y_iᵀ,  b_u = Σ_{i∈I_u} c_ui y_i
 * A_u is never formed: CG only needs A_u p = p·(YᵀY + λI) + Σ_i (c_ui − 1)(y_i·p) y_i, whose
 * dense part is one [n × f]·[f × f] matMul and whose sparse part is two batched matMuls per
 * bucket of similar-length rows (factorize-layout.ts explains why not unsortedSegmentSum).
 * Warm-started from the previous factors, 3 CG steps per half-step are enough (implicit's
 * default `cg_steps`); f steps solve the system exactly (in exact arithmetic).
 */
import type * as TF from '@tensorflow/tfjs';
import type { BucketLayout } from './factorize-layout';

type Tf = typeof TF;

/**
 * One side's layout as tensors: `conf` = c (0 in padding), `extra` = c − 1 = α·w. Indices are
 * [k × 1] columns for tf.gatherND, which copies whole rows: on WASM tf.gather costs ~45 ns per
 * gathered float (430 ms for 320k rows × 32, tfjs 4.22) against 10 ms for gatherND.
 */
export interface SideTensors {
  buckets: Array<{
    rows: TF.Tensor2D;
    cols: TF.Tensor2D;
    conf: TF.Tensor3D;
    extra: TF.Tensor3D;
    n: number;
    length: number;
  }>;
  position: TF.Tensor2D;
}

export function uploadSide(tf: Tf, layout: BucketLayout, alpha: number): SideTensors {
  return {
    buckets: layout.buckets.map((b) => {
      const n = b.rows.length;
      const extra = b.weights.map((w) => alpha * w);
      const conf = extra.map((e, k) => e + b.mask[k]!);
      return {
        rows: tf.tensor2d(b.rows, [n, 1], 'int32'),
        cols: tf.tensor2d(b.cols, [b.cols.length, 1], 'int32'),
        conf: tf.tensor3d(conf, [n, 1, b.length]),
        extra: tf.tensor3d(extra, [n, 1, b.length]),
        n,
        length: b.length,
      };
    }),
    position: tf.tensor2d(layout.position, [layout.position.length, 1], 'int32'),
  };
}

export function disposeSide(side: SideTensors): void {
  for (const b of side.buckets) for (const t of [b.rows, b.cols, b.conf, b.extra]) t.dispose();
  side.position.dispose();
}

/** The other side's factors at every cell of every bucket: [n × length × f] each (padding gets row 0, weighted 0). */
export function gatherSide(tf: Tf, side: SideTensors, other: TF.Tensor2D): TF.Tensor3D[] {
  const f = other.shape[1];
  return side.buckets.map((b) => tf.tidy(() => tf.gatherND(other, b.cols).reshape([b.n, b.length, f])));
}

/**
 * New factors for one side given the other: `cgSteps` of conjugate gradient from `own`,
 * for all rows at once (per-row step sizes are [n × 1] columns).
 */
export function solveSide(
  tf: Tf,
  side: SideTensors,
  gathered: TF.Tensor3D[],
  own: TF.Tensor2D,
  other: TF.Tensor2D,
  regularization: number,
  cgSteps: number,
): TF.Tensor2D {
  return tf.tidy(() => {
    const f = other.shape[1];
    const gram = tf.matMul(other, other, true, false).add(tf.eye(f).mul(regularization));
    // Bucket outputs are in bucket order; `position` puts them back in row order (zero row for rows without entries).
    const toRows = (parts: TF.Tensor[]) => tf.gatherND(tf.concat([...parts, tf.zeros([1, f])]), side.position);
    const sparse = (p: TF.Tensor) =>
      toRows(
        side.buckets.map((b, k) => {
          const pRows = tf.gatherND(p, b.rows).reshape([b.n, f, 1]);
          const dots = tf.matMul(gathered[k]!, pRows).reshape([b.n, 1, b.length]); // y_i · p_u
          return tf.matMul(dots.mul(b.extra), gathered[k]!).reshape([b.n, f]);
        }),
      );
    const times = (p: TF.Tensor) => tf.matMul(p as TF.Tensor2D, gram).add(sparse(p));
    const rhs = toRows(side.buckets.map((b, k) => tf.matMul(b.conf, gathered[k]!).reshape([b.n, f])));
    const rowDot = (a: TF.Tensor, b: TF.Tensor) => a.mul(b).sum(1, true);
    // implicit stops on a row once r·r < 1e-20: its step sizes are 0 from then on.
    const ratio = (num: TF.Tensor, den: TF.Tensor, rs: TF.Tensor) =>
      tf.where(rs.greater(1e-20), tf.divNoNan(num, den), tf.zerosLike(num));

    let x: TF.Tensor = own;
    let r = rhs.sub(times(x));
    let p = r;
    let rs = rowDot(r, r);
    for (let k = 0; k < cgSteps; k++) {
      const ap = times(p);
      const a = ratio(rs, rowDot(p, ap), rs);
      x = x.add(p.mul(a));
      r = r.sub(ap.mul(a));
      const rsNew = rowDot(r, r);
      p = r.add(p.mul(ratio(rsNew, rs, rs)));
      rs = rsNew;
    }
    return x as TF.Tensor2D;
  });
}

/**
 * The implicit-ALS objective Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²), divided by
 * Σ_{u,i} c_ui, as implicit's `calculate_loss` reports it. Expanded so that no dense
 * user × item matrix is formed: Σ_{all u,i} (x_uᵀy_i)² = Σ (XᵀX ⊙ YᵀY), plus per observed pair
 * (c − 1)s² − 2cs + c with s = x_uᵀy_i. Computed on the item side, whose `gathered` holds each
 * item's users' factors after the epoch's last half-step.
 */
export function alsLoss(
  tf: Tf,
  itemSide: SideTensors,
  gatheredUsers: TF.Tensor3D[],
  users: TF.Tensor2D,
  items: TF.Tensor2D,
  regularization: number,
  constants: { observedConfidence: number; totalConfidence: number },
): TF.Scalar {
  return tf.tidy(() => {
    const f = items.shape[1];
    const dense = tf
      .matMul(users, users, true, false)
      .mul(tf.matMul(items, items, true, false))
      .sum();
    const observed = itemSide.buckets.map((b, k) => {
      const own = tf.gatherND(items, b.rows).reshape([b.n, f, 1]);
      const s = tf.matMul(gatheredUsers[k]!, own).reshape([b.n, 1, b.length]);
      return s.square().mul(b.extra).sum().sub(s.mul(b.conf).sum().mul(2));
    });
    const reg = users.square().sum().add(items.square().sum()).mul(regularization);
    // A chain of adds, not tf.addN: WebGPU's AddN binds every input at once and fails past
    // maxStorageBuffersPerShaderStage (8 by default) with a validation error, reading zeros
    // ("The number of storage buffers (14) in the Compute stage exceeds the maximum per-stage limit (8)").
    const total = [dense, ...observed, reg].reduce((a, b) => a.add(b));
    return total.add(constants.observedConfidence).div(constants.totalConfidence) as TF.Scalar;
  });
}
