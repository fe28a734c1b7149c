/** What the evaluation panel reads from a run of train-classifier. */
import { readStepTable, rowsOf, stepTable, type ReadDb } from '../../data/read';

export async function readEvaluation(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [history, roc, pr, calibration, importance, test] = await Promise.all([
    readStepTable(db, stepId, 'history', 'epoch', signal),
    readStepTable(db, stepId, 'roc', '', signal),
    readStepTable(db, stepId, 'pr', '', signal),
    readStepTable(db, stepId, 'calibration', 'bin', signal),
    readStepTable(db, stepId, 'importance', 'importance DESC', signal),
    rowsOf<{ label: number | string | boolean | null; score: number | null }>(
      db,
      `SELECT label, score FROM ${stepTable(stepId, 'predictions')} WHERE split = 'test'`,
      signal,
    ),
  ]);
  return { history: history!, roc: roc!, pr: pr!, calibration: calibration!, importance: importance!, test: test! };
}
