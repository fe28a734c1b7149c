/** What the profile panel reads: the four tables of a run of the profile op. */
import { readStepTable, type ReadDb } from '../../data/read';

export async function readProfile(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [columns, histograms, topValues, correlations] = await Promise.all(
    ['columns', 'histograms', 'top_values', 'correlations'].map((part) => readStepTable(db, stepId, part, '', signal)),
  );
  return { columns: columns!, histograms: histograms!, topValues: topValues!, correlations: correlations! };
}
