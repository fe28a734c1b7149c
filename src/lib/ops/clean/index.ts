/** The data-cleaning ops: each writes a new table `"<stepId>"."data"` and leaves its input as it was. */
import type { OpDef } from '../types';
import { castOp } from './cast';
import { dedupeOp } from './dedupe';
import { deriveOp } from './derive';
import { dropMissingOp } from './drop-missing';
import { filterOp } from './filter';
import { imputeOp } from './impute';
import { outliersOp } from './outliers';
import { parseDateOp } from './parse-date';
import { trimOp } from './trim';

export const CLEAN_OPS = [
  filterOp,
  dedupeOp,
  dropMissingOp,
  imputeOp,
  outliersOp,
  castOp,
  trimOp,
  parseDateOp,
  deriveOp,
] as unknown as OpDef<never>[];
