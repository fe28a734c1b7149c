/** The one list of capabilities: recipe validation, the runner and the UI menus derive from it. */
import { rfmOp } from './rfm';
import { trainClassifierOp } from './train-classifier';
import type { OpDef } from './types';

export const OPS: Record<string, OpDef<never>> = Object.fromEntries(
  ([rfmOp, trainClassifierOp] as OpDef<never>[]).map((op) => [op.name, op]),
);

export function opNames(): string[] {
  return Object.keys(OPS).sort();
}
