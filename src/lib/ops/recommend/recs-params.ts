/**
 * Params shared by `recommend` and `evaluate-recs`: the interaction log's columns, item and segment
 * attributes, and one algorithm spec (`{ algorithm, …its options }`). Algorithm options have no
 * zod defaults, so an option given to an algorithm that does not read it is refused by name
 * instead of silently ignored; `resolveSpec` fills the defaults per algorithm.
 */
import { z } from 'zod';
import { SIMILARITIES, type SimilarityName } from '../../recsys/similarity';
import type { TableParam } from '../types';

export const ALGORITHMS = [
  'popularity',
  'itemcf',
  'usercf',
  'tagcf',
  'session',
  'als',
  'bpr',
  'lookalike',
  'ncf',
  'sequence',
  'ranker',
] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

/** A column name; `null` says "no such column" (no guessing from roles). */
const column = z.string().min(1).nullable().optional();

export const dataFields = {
  customer: column,
  item: column,
  basket: column,
  time: column,
  event: column,
  /** Event values that count as interactions, when there is an event column. */
  events: z.array(z.string().min(1)).min(1).default(['purchase']),
  /** A numeric column summed into the interaction weight (quantity); default: each row counts 1. */
  weight: z.string().min(1).optional(),
  /** The session column for `session` (default: the basket). */
  session: z.string().min(1).optional(),
  /** Item attributes (tags, category), joined on item = itemTable.itemKey; default: the input's own columns. */
  itemTable: z.string().min(1).optional(),
  itemKey: z.string().min(1).optional(),
  tags: column,
  tagSeparator: z.string().min(1).default('|'),
  category: column,
  /** Customer segments for popularity by segment, joined on customer = segmentTable.segmentKey. */
  segmentTable: z.string().min(1).optional(),
  segmentKey: z.string().min(1).optional(),
  segmentColumn: z.string().min(1).optional(),
  /** Fill lists shorter than k with the most popular items (counted in the summary). */
  fill: z.boolean().default(true),
};

/** The tables `dataFields` name: item attributes (joined on `itemKey`) and customer segments. */
export const RECS_TABLE_PARAMS: Record<string, TableParam> = {
  itemTable: { keys: { itemKey: 'item' }, optional: true },
  segmentTable: {},
};

export const specFields = {
  algorithm: z.enum(ALGORITHMS),
  /** A label for the metrics table (evaluate several variants of one algorithm). */
  name: z.string().min(1).max(40).optional(),
  /** popularity: overall, within the customer's segment, or within the categories they buy. */
  by: z.enum(['overall', 'segment', 'category']).optional(),
  similarity: z.enum(SIMILARITIES).optional(),
  weighted: z.boolean().optional(),
  /** Popularity damping of `conditional` similarity (Deshpande & Karypis 2004). */
  alpha: z.number().min(0).max(1).optional(),
  neighbours: z.number().int().min(1).max(1000).optional(),
  /** session: weight of an item one position further back (decay^position). */
  decay: z.number().gt(0).max(1).optional(),
  factors: z.number().int().min(1).max(512).optional(),
  epochs: z.number().int().min(1).max(1000).optional(),
  regularization: z.number().min(0).optional(),
  learningRate: z.number().gt(0).optional(),
  /** ALS confidence scale α of Hu, Koren & Volinsky 2008 (c = 1 + α·r), sent as `alpha`. */
  confidence: z.number().gt(0).optional(),
  seed: z.number().int().optional(),
  backend: z.enum(['auto', 'webgpu', 'webgl', 'wasm', 'cpu']).optional(),
  // --- Neural models (ncf, sequence, ranker; see neural-recs.ts).
  /** ncf: sampled non-interacted items per positive. */
  negatives: z.number().int().min(1).max(100).optional(),
  /** ranker: the deep part's hidden layer sizes. */
  hidden: z.array(z.number().int().min(1).max(1024)).min(1).max(8).optional(),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(1 << 20)
    .optional(),
  /** sequence: steps per training window and per prediction context. */
  maxLength: z.number().int().min(2).max(200).optional(),
  /** ranker: ItemCF candidates re-ranked per customer. */
  candidates: z.number().int().min(1).max(1000).optional(),
  /** ranker: event values whose rows are examples (the label: a purchase of the item afterwards). */
  examples: z.array(z.string().min(1)).min(1).optional(),
  /** ranker: a purchase within this many days counts (default: within the same session, when there is one). */
  withinDays: z.number().gt(0).max(3650).optional(),
  /** ranker: context columns of the event log (device, position…), as categorical fields. */
  context: z.array(z.string().min(1)).max(16).optional(),
};

/** Which options each algorithm reads. */
const OPTIONS: Record<AlgorithmName, string[]> = {
  popularity: ['by'],
  itemcf: ['similarity', 'weighted', 'alpha', 'neighbours'],
  usercf: ['weighted', 'neighbours'],
  tagcf: [],
  session: ['similarity', 'alpha', 'neighbours', 'decay'],
  als: ['factors', 'epochs', 'regularization', 'confidence', 'seed', 'backend'],
  bpr: ['factors', 'epochs', 'regularization', 'learningRate', 'seed', 'backend'],
  lookalike: [],
  ncf: ['factors', 'epochs', 'regularization', 'learningRate', 'negatives', 'batchSize', 'seed', 'backend'],
  sequence: ['factors', 'epochs', 'learningRate', 'maxLength', 'batchSize', 'seed', 'backend'],
  ranker: [
    'factors',
    'epochs',
    'learningRate',
    'hidden',
    'batchSize',
    'candidates',
    'examples',
    'withinDays',
    'context',
    'seed',
    'backend',
  ],
};
/** The item recommenders a menu offers, in order: every algorithm but `lookalike`, which ranks customers like a seed list. */
export const RECOMMENDERS = ALGORITHMS.filter((a): a is Exclude<AlgorithmName, 'lookalike'> => a !== 'lookalike');

/** Whether an algorithm reads an option (e.g. `similarity`). */
export const takesOption = (algorithm: AlgorithmName, option: string): boolean => OPTIONS[algorithm].includes(option);

const SPEC_OPTIONS = Object.keys(specFields).filter((f) => f !== 'algorithm' && f !== 'name');

/** A zod check refusing options the chosen algorithm does not read. */
export function checkSpecOptions(
  spec: Record<string, unknown> & { algorithm: AlgorithmName },
  issue: (path: string, message: string) => void,
): void {
  const allowed = OPTIONS[spec.algorithm];
  for (const f of SPEC_OPTIONS) {
    if (spec[f] === undefined || allowed.includes(f)) continue;
    const readers = ALGORITHMS.filter((a) => OPTIONS[a].includes(f));
    issue(f, `'${f}' is an option of ${readers.join(', ')}, not of ${spec.algorithm}`);
  }
  if (spec.alpha !== undefined && spec.similarity !== 'conditional')
    issue('alpha', "'alpha' damps popularity in similarity 'conditional' only");
  if (spec.weighted && spec.similarity !== undefined && spec.similarity !== 'cosine')
    issue('weighted', `'weighted' applies to cosine similarity, not ${spec.similarity}`);
}

export type Spec = z.infer<z.ZodObject<typeof specFields>>;

export interface ResolvedSpec {
  algorithm: AlgorithmName;
  name: string;
  by: 'overall' | 'segment' | 'category';
  similarity: SimilarityName;
  weighted: boolean;
  alpha: number;
  neighbours: number;
  decay: number;
  factors: number;
  epochs: number;
  regularization: number;
  learningRate?: number;
  confidence?: number;
  seed: number;
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  // Neural models.
  negatives: number;
  hidden: number[];
  batchSize?: number;
  maxLength: number;
  candidates: number;
  examples: string[];
  withinDays?: number;
  context: string[];
}

/**
 * The neural models' own defaults where they differ from ALS/BPR's: NeuMF with 16 predictive
 * factors (He et al. 2017 §4 reach their best with 16–32) for 10 epochs — on the sample shop
 * NDCG@10 peaks at 8–10 epochs (0.185–0.190) and falls with more (0.153 at 20), and the L2 of
 * 0.01 matters (0.157 without); a GRU of 32
 * units for 10 epochs; the ranker's 8-dimensional field embeddings for up to 20 epochs (early
 * stopping on a validation split).
 */
const NEURAL_DEFAULTS: Partial<Record<AlgorithmName, { factors: number; epochs: number }>> = {
  ncf: { factors: 16, epochs: 10 },
  sequence: { factors: 32, epochs: 10 },
  ranker: { factors: 8, epochs: 20 },
};

/**
 * Defaults: 50 neighbours (Sarwar et al. 2001 saw little gain past 30–50 for items); α = 0.5, in
 * the 0.3–0.6 band Deshpande & Karypis found best; session decay 0.7 per position; 32 factors,
 * 15 epochs, regularisation 0.01 for ALS/BPR (the trainer's own defaults for the rest).
 */
export function resolveSpec(s: Spec): ResolvedSpec {
  const by = s.by ?? 'overall';
  const base = s.algorithm === 'popularity' && by !== 'overall' ? `popularity-${by}` : s.algorithm;
  return {
    algorithm: s.algorithm,
    name: s.name ?? base,
    by,
    similarity: s.similarity ?? 'cosine',
    weighted: s.weighted ?? false,
    alpha: s.alpha ?? 0.5,
    neighbours: s.neighbours ?? 50,
    decay: s.decay ?? 0.7,
    factors: s.factors ?? NEURAL_DEFAULTS[s.algorithm]?.factors ?? 32,
    epochs: s.epochs ?? NEURAL_DEFAULTS[s.algorithm]?.epochs ?? 15,
    regularization: s.regularization ?? 0.01,
    learningRate: s.learningRate,
    confidence: s.confidence,
    seed: s.seed ?? 42,
    backend: s.backend ?? 'auto',
    negatives: s.negatives ?? 4,
    hidden: s.hidden ?? [64, 32],
    batchSize: s.batchSize,
    maxLength: s.maxLength ?? 20,
    candidates: s.candidates ?? 50,
    examples: s.examples ?? ['view', 'cart'],
    withinDays: s.withinDays,
    context: s.context ?? [],
  };
}

/** The options an algorithm actually used, for the report. */
export function specSummary(s: ResolvedSpec): Record<string, string | number | boolean | string[] | number[]> {
  const out: Record<string, string | number | boolean | string[] | number[]> = { algorithm: s.algorithm, name: s.name };
  for (const f of OPTIONS[s.algorithm]) {
    const v = s[f as keyof ResolvedSpec];
    if (v !== undefined && !(f === 'alpha' && s.similarity !== 'conditional')) out[f] = v;
  }
  return out;
}
