/**
 * One algorithm spec + training interactions → a scorer, for `recommend` and `evaluate-recs`
 * alike (so the evaluation measures exactly what the recommend op serves). ALS and BPR are
 * trained by the training worker (`ctx.trainer.run`); everything else runs here.
 */
import type { FactorizeRequest } from '../../ml/models/factorization';
import { stepError } from '../../core/errors';
import { buildInteractions, type Csr } from '../../recsys/interactions';
import { itemCFScorer, itemNeighbours } from '../../recsys/itemcf';
import { userCFScorer, userNeighbours } from '../../recsys/usercf';
import { popularityScorer, segmentPopularityScorer, categoryPopularityScorer, buyers } from '../../recsys/popularity';
import { tagScorer } from '../../recsys/tagcf';
import { lastSessionContext, sessionScorer } from '../../recsys/session';
import { factorScorer } from '../../recsys/factors';
import { ncfModel, sequenceModel } from './neural-recs';
import { rankerModel } from './ranker-recs';
import type { Model, ModelData } from './model';
import type { ResolvedSpec } from './recs-params';
import type { OpContext } from '../types';
import type { Json } from '../../core/json';

/**
 * `field` names the spec in errors: 'algorithm' in recommend, 'algorithms[2]' in evaluate-recs;
 * training progress is reported within `span` of the step's progress bar.
 */
export async function buildModel(
  ctx: OpContext,
  stepId: string,
  field: string,
  spec: ResolvedSpec,
  data: ModelData,
  span: [number, number] = [0, 1],
): Promise<Model> {
  const started = performance.now();
  const { history } = data;
  const itemName = (i: number) => data.items[i]!;
  const fraction = (done: number) => span[0] + (span[1] - span[0]) * done;
  const onRow = (what: string) => (done: number) => {
    ctx.signal.throwIfAborted();
    ctx.progress({ message: `${spec.name}: ${what}`, fraction: fraction(done) });
  };
  const done = (m: Omit<Model, 'trainMs' | 'info'> & { info?: Record<string, Json> }): Model => ({
    info: {},
    ...m,
    trainMs: performance.now() - started,
  });
  const at = (f: string) => (field === 'algorithm' ? f : `${field}.${f}`);

  switch (spec.algorithm) {
    case 'popularity': {
      if (spec.by === 'segment') {
        if (!data.segments)
          throw stepError(stepId, 'segmentTable', 'popularity by segment needs segmentTable and segmentColumn');
        return done({ scorer: segmentPopularityScorer(history, data.segments.of, data.segments.names) });
      }
      if (spec.by === 'category') {
        const category = data.attributes.category;
        if (!category)
          throw stepError(
            stepId,
            'category',
            'popularity by category needs a category column (in itemTable or the input)',
          );
        return done({ scorer: categoryPopularityScorer(history, category.of, category.names) });
      }
      return done({ scorer: popularityScorer(history) });
    }
    case 'itemcf': {
      const similar = itemNeighbours(history, {
        similarity: spec.similarity,
        weighted: spec.weighted,
        alpha: spec.alpha,
        neighbours: spec.neighbours,
        onRow: onRow('item similarities'),
      });
      return done({
        scorer: itemCFScorer(history, similar, itemName),
        similar,
        info: { neighbourPairs: similar.index.length },
      });
    }
    case 'usercf': {
      const similar = userNeighbours(history, {
        neighbours: spec.neighbours,
        weighted: spec.weighted,
        onRow: onRow('customer similarities'),
      });
      return done({
        scorer: userCFScorer(history, similar, spec.weighted),
        info: { neighbourPairs: similar.index.length },
      });
    }
    case 'tagcf': {
      const tags = data.attributes.tags;
      const category = data.attributes.category;
      if (!tags && !category)
        throw stepError(
          stepId,
          'tags',
          'tagcf needs a tags column (or a category) for the items, in itemTable or the input',
        );
      // Without tags, each item's category is its one tag.
      const itemTags = tags
        ? tagMatrix(tags.of, tags.names.length)
        : tagMatrix(
            Array.from(category!.of, (g) => (g >= 0 ? Int32Array.of(g) : new Int32Array(0))),
            category!.names.length,
          );
      return done({
        scorer: tagScorer(history, itemTags, tags ? tags.names : category!.names),
        info: { tagsFrom: tags ? tags.column : category!.column, tags: (tags ?? category)!.names.length },
      });
    }
    case 'session': {
      if (data.nSessions === 0)
        throw stepError(stepId, 'session', 'the session algorithm needs a basket or session column');
      const { rows } = data;
      const inSession = rows.session.reduce((n, s) => n + (s >= 0 ? 1 : 0), 0);
      const sessions = buildInteractions(
        rows.session.filter((s) => s >= 0),
        rows.item.filter((_, r) => rows.session[r]! >= 0),
        new Float32Array(inSession).fill(1),
        data.nSessions,
        history.nItems,
      );
      const similar = itemNeighbours(sessions, {
        similarity: spec.similarity,
        alpha: spec.alpha,
        neighbours: spec.neighbours,
        onRow: onRow('co-occurrence within sessions'),
      });
      const context = lastSessionContext(rows, history.nUsers, data.nSessions, history.nItems, spec.decay);
      return done({
        scorer: sessionScorer(similar, context, itemName),
        similar,
        info: { neighbourPairs: similar.index.length, sessions: data.nSessions },
      });
    }
    case 'als':
    case 'bpr': {
      const factorize = ctx.trainer?.run?.bind(ctx.trainer);
      if (!factorize)
        throw stepError(
          stepId,
          at('algorithm'),
          `${spec.algorithm} trains in the training worker, which this run does not have (no trainer with factorize)`,
        );
      const pairs = history.byUser;
      const request: FactorizeRequest = {
        algorithm: spec.algorithm,
        nUsers: history.nUsers,
        nItems: history.nItems,
        users: expandRows(pairs),
        // Copies: the request's buffers are transferred to the worker, the history stays usable here.
        items: pairs.index.slice(),
        weights: pairs.value.slice(),
        factors: spec.factors,
        epochs: spec.epochs,
        regularization: spec.regularization,
        learningRate: spec.learningRate,
        alpha: spec.confidence,
        seed: spec.seed,
        backend: spec.backend,
      };
      const result = await factorize(spec.algorithm, request, (log) => {
        ctx.signal.throwIfAborted();
        ctx.progress({
          message: `${spec.name}: epoch ${log.epoch} of ${spec.epochs}, loss ${log.loss.toPrecision(4)}`,
          fraction: fraction(log.epoch / spec.epochs),
        });
      });
      const counts = buyers(history);
      return done({
        scorer: factorScorer(
          { userFactors: result.userFactors, itemFactors: result.itemFactors, factors: spec.factors },
          counts,
        ),
        backend: { name: result.backend, reasons: result.backendReasons },
        info: {
          backend: result.backend,
          backendReasons: result.backendReasons,
          losses: result.losses,
          msPerEpoch: result.msPerEpoch,
          trainerMs: result.ms,
          tensorsLeaked: result.tensors.after - result.tensors.before,
        },
      });
    }
    case 'lookalike':
      throw stepError(
        stepId,
        at('algorithm'),
        'lookalike ranks customers, not items: use it in recommend, on a feature table',
      );
    case 'ncf':
      return done(await ncfModel(ctx, stepId, at, spec, data, fraction));
    case 'sequence':
      return done(await sequenceModel(ctx, stepId, at, spec, data, fraction));
    case 'ranker':
      return done(await rankerModel(ctx, stepId, at, spec, data, fraction));
  }
}

/** CSR row codes, one per stored entry ([nnz] user of each pair). */
function expandRows(m: Csr): Int32Array {
  const out = new Int32Array(m.index.length);
  for (let r = 0; r < m.nRows; r++) out.fill(r, m.ptr[r]!, m.ptr[r + 1]!);
  return out;
}

function tagMatrix(of: Int32Array[], nTags: number): Csr {
  const ptr = new Int32Array(of.length + 1);
  of.forEach((tags, i) => (ptr[i + 1] = ptr[i]! + tags.length));
  const index = new Int32Array(ptr[of.length]!);
  of.forEach((tags, i) => index.set(tags, ptr[i]!));
  return { nRows: of.length, nCols: nTags, ptr, index, value: new Float32Array(index.length).fill(1) };
}
