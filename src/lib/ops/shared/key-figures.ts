/**
 * Helpers for an op's key figures (`keyFigures`): the few numbers of its summary an analyst would
 * quote when one run is compared with another (report/metrics.ts). Values that are not finite
 * numbers are left out there, so a reader may return anything.
 */
import type { KeyFigure } from '../types';
import type { Json } from '../../core/json';

type Summary = Record<string, Json>;

export const len = (v: unknown): number | null => (Array.isArray(v) ? v.length : null);
export const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : undefined);
export const bool = (v: unknown): number | null => (typeof v === 'boolean' ? Number(v) : null);

/** What is read of an op that declares none of its own (models still to come, for one). */
export function commonFigures(s: Summary): KeyFigure[] {
  return [
    ['test AUC', s.auc, 3],
    ['NDCG@10', s['ndcg@10'], 3],
    ['HR@10', s['hr@10'], 3],
  ];
}
