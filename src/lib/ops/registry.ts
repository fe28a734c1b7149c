/** The one list of capabilities: recipe validation, the runner and the UI menus derive from it. */
import { rfmOp } from './rfm';
import { trainClassifierOp } from './train-classifier';
import { sqlOp } from './sql';
import { profileOp } from './profile';
import { assocRulesOp } from './assoc-rules';
import { clvOp } from './clv';
import { kmeansOp } from './kmeans';
import { dbscanOp } from './dbscan';
import { cohortsOp } from './cohorts';
import { funnelOp } from './funnel';
import { graphOp } from './graph';
import { sequencesOp } from './sequences';
import { ruleInductionOp } from './rule-induction';
import { featuresOp } from './features';
import { transformOp } from './transform';
import { selectOp } from './select';
import { pcaOp } from './pca';
import { driftOp } from './drift';
import { fairnessOp } from './fairness';
import { pseudonymiseOp } from './pseudonymise';
import { kAnonymityOp } from './k-anonymity';
import { recommendOp } from './recommend';
import { evaluateRecsOp } from './evaluate-recs';
import { CLEAN_OPS } from './clean';
import { trainNcfOp } from './train-ncf';
import { trainSequenceOp } from './train-sequence';
import { trainRankerOp } from './train-ranker';
import { scoreOp } from './score';
import { abTestOp } from './ab-test';
import { compareSegmentsOp } from './compare-segments';
import { pathsOp } from './paths';
import { anomaliesOp } from './anomalies';
import type { OpDef } from './types';

export const OPS: Record<string, OpDef<never>> = Object.fromEntries(
  (
    [
      rfmOp,
      trainClassifierOp,
      sqlOp,
      profileOp,
      assocRulesOp,
      clvOp,
      kmeansOp,
      dbscanOp,
      cohortsOp,
      funnelOp,
      graphOp,
      sequencesOp,
      ruleInductionOp,
      featuresOp,
      transformOp,
      selectOp,
      pcaOp,
      driftOp,
      fairnessOp,
      pseudonymiseOp,
      kAnonymityOp,
      recommendOp,
      evaluateRecsOp,
      trainNcfOp,
      trainSequenceOp,
      trainRankerOp,
      scoreOp,
      abTestOp,
      compareSegmentsOp,
      pathsOp,
      anomaliesOp,
      ...CLEAN_OPS,
    ] as OpDef<never>[]
  ).map((op) => [op.name, op]),
);

export function opNames(): string[] {
  return Object.keys(OPS).sort();
}
