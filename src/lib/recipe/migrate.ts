/**
 * Recipes written by earlier versions of the app, brought to the current version before they are
 * validated, so the ops' schemas hold only the current param names. Version 1 → 2: train-classifier's
 * `classWeights: boolean` became `classWeight`, and `testFraction` / `validationFraction` / `seed`
 * became `split: { test, validation, seed }`. A recipe that is not an object, or of an unknown
 * version, is passed through for the schema to refuse in one line.
 */
import { stepError } from '../core/errors';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Per op, how a version-1 step's params become version 2's (`id` names the step in errors). */
const V1_PARAMS: Record<string, (params: Obj, id: string) => Obj> = {
  'train-classifier'(params, id) {
    const { classWeights, testFraction, validationFraction, seed, ...rest } = params;
    const out: Obj = { ...rest };
    if (classWeights !== undefined) {
      if (rest.classWeight !== undefined)
        throw stepError(
          id,
          'classWeights',
          'give `classWeight` (the older `classWeights` is the same thing), not both',
        );
      // true = 'balanced'; anything else is left for the schema to refuse under its old name.
      if (typeof classWeights === 'boolean') out.classWeight = classWeights ? 'balanced' : 'none';
      else out.classWeights = classWeights;
    }
    const older = { test: testFraction, validation: validationFraction, seed };
    if (Object.values(older).some((v) => v !== undefined)) {
      if (rest.split !== undefined)
        throw stepError(
          id,
          'split',
          'give `split: { test, validation, seed }` or the older testFraction / validationFraction / seed, not both',
        );
      out.split = Object.fromEntries(Object.entries(older).filter(([, v]) => v !== undefined));
    }
    return out;
  },
};

/** `input` at the current recipe version (a new object; the input is not changed). */
export function migrateRecipe(input: unknown): unknown {
  if (!isObject(input) || input.version !== 1) return input;
  const steps = Array.isArray(input.steps)
    ? input.steps.map((step: unknown) => {
        if (!isObject(step) || typeof step.op !== 'string' || !isObject(step.params)) return step;
        const migrate = V1_PARAMS[step.op];
        return migrate ? { ...step, params: migrate(step.params, String(step.id)) } : step;
      })
    : input.steps;
  return { ...input, version: 2, ...(steps !== undefined ? { steps } : {}) };
}
