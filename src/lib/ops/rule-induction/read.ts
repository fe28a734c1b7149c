/** What the rule-induction panel reads: its rules (by rank) and tree nodes (by node id). */
import { readStepTable, type ReadDb } from '../../data/read';

export const readInducedRules = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'rules', 'rank', signal);

export const readRuleTree = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'tree', 'node', signal);

/** Both reads of the rule-induction panel. */
export async function readRuleInduction(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [rules, tree] = await Promise.all([readInducedRules(db, stepId, signal), readRuleTree(db, stepId, signal)]);
  return { rules, tree };
}
