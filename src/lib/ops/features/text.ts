/**
 * The `features` op's text group, computed here (not in SQL) over the texts DuckDB hands over as
 * Arrow: per entity the number of texts, their mean length in characters, the mean lexicon
 * sentiment, TF-IDF weights of the `textTerms` most used terms (each entity's texts are one
 * document) and its `topTerms` strongest terms as a JSON array.
 */
import { tableFromIPC } from 'apache-arrow';
import type { BaseKey } from '../../features/base';
import { isTerm, sentiment, tfidfCounts, tokenize, topTerms } from '../../features/text';
import { columnsToIPC } from '../../data/arrow';
import { slug, uniqueNames, type FeatureSpec } from '../../features/extract';
import type { OpContext } from '../types';

export interface TextParams {
  /** 'customers' or 'items', for the descriptions. */
  entityWord: string;
  textTerms: number;
  topTerms: number;
  minDf: number;
}

export interface TextFeatures {
  /** Entities with at least one text (rows of `ipc`). */
  entities: number;
  /** The text table (`k` and one column per spec) as an Arrow IPC stream. */
  ipc: Uint8Array;
  specs: FeatureSpec[];
  vocabulary: string[];
}

interface ParsedText {
  terms: string[];
  length: number;
  sentiment: number;
}

function parseText(text: string): ParsedText {
  const tokens = tokenize(text, true);
  return { terms: tokens.filter(isTerm), length: [...text].length, sentiment: sentiment(tokens).score };
}

/** A string column of an IPC stream (a small dictionary) as JS strings. */
function strings(ipc: Uint8Array, name: string): string[] {
  const v = tableFromIPC(ipc).getChild(name)!;
  return Array.from({ length: v.length }, (_, i) => String(v.get(i)));
}

export async function textFeatures(
  ctx: OpContext,
  base: string,
  keyCol: BaseKey,
  p: TextParams,
  taken: Set<string>,
): Promise<TextFeatures> {
  // Texts repeat (item descriptions, canned replies): DuckDB codes keys and texts by sorted
  // dictionaries and counts each (key, text) pair, so no string sort runs over every row and each
  // distinct text is segmented once. Pairs come in (key, text) order, the order the sums below need.
  const texts = `SELECT ${keyCol} AS k, text_value FROM ${base} WHERE text_value IS NOT NULL AND trim(text_value) <> ''`;
  const keys = strings(await ctx.db.arrowIPC(`SELECT DISTINCT k FROM (${texts}) ORDER BY k`), 'k');
  const values = strings(
    await ctx.db.arrowIPC(`SELECT DISTINCT text_value FROM (${texts}) ORDER BY text_value`),
    'text_value',
  );
  const pairs = tableFromIPC(
    await ctx.db
      .arrowIPC(`WITH g AS (SELECT k, text_value, count(*)::INTEGER AS n FROM (${texts}) GROUP BY k, text_value),
      kd AS (SELECT k, (row_number() OVER (ORDER BY k) - 1)::INTEGER AS ki FROM (SELECT DISTINCT k FROM g)),
      td AS (SELECT text_value, (row_number() OVER (ORDER BY text_value) - 1)::INTEGER AS ti FROM (SELECT DISTINCT text_value FROM g))
    SELECT ki, ti, n FROM g JOIN kd USING (k) JOIN td USING (text_value) ORDER BY ki, ti`),
  );
  ctx.signal.throwIfAborted();
  const K = keys.length;
  const keyOf = pairs.getChild('ki')!.toArray() as ArrayLike<number>;
  const textOf = pairs.getChild('ti')!.toArray() as ArrayLike<number>;
  const times = pairs.getChild('n')!.toArray() as ArrayLike<number>;
  const parsed: Array<ParsedText | undefined> = new Array(values.length);
  const docs = Array.from({ length: K }, () => new Map<string, number>());
  const counts = new Array<number>(K).fill(0);
  const lengths = new Array<number>(K).fill(0);
  const scores = new Array<number>(K).fill(0);
  for (let r = 0; r < pairs.numRows; r++) {
    const j = keyOf[r]!;
    const n = times[r]!;
    const x = (parsed[textOf[r]!] ??= parseText(values[textOf[r]!]!.trim()));
    counts[j]! += n;
    lengths[j]! += n * x.length;
    // One addition per row, in row order: the same floating-point sum as adding row by row.
    for (let i = 0; i < n; i++) scores[j]! += x.sentiment;
    const doc = docs[j]!;
    for (const term of x.terms) doc.set(term, (doc.get(term) ?? 0) + n);
  }
  const weights = tfidfCounts(docs, { maxFeatures: p.textTerms, minDf: p.minDf });
  const V = weights.vocabulary.length;
  const termNames = uniqueNames(
    weights.vocabulary.map((t) => `tfidf_${slug(t)}`),
    taken,
  );
  const [nTexts, lenMean, sentimentMean, top] = uniqueNames(
    ['n_texts', 'text_len_mean', 'sentiment_mean', 'top_terms'],
    taken,
  ) as [string, string, string, string];
  const specs: FeatureSpec[] = [
    { name: nTexts, group: 'text', kind: 'count', description: 'texts written (reviews, complaints…)', fill: 0 },
    { name: lenMean, group: 'text', kind: 'numeric', description: 'mean text length in characters' },
    {
      name: sentimentMean,
      group: 'text',
      kind: 'numeric',
      description: 'mean lexicon sentiment, −1 (negative) … 1 (positive)',
    },
    ...weights.vocabulary.map((t, j): FeatureSpec => ({
      name: termNames[j]!,
      group: 'text',
      kind: 'numeric',
      fill: 0,
      description: `TF-IDF weight of '${t}' (used by ${weights.df[j]} ${p.entityWord})`,
    })),
    ...(p.topTerms > 0
      ? [
          {
            name: top,
            group: 'text',
            kind: 'text',
            description: `the ${p.topTerms} strongest TF-IDF terms, as a JSON array`,
          } as FeatureSpec,
        ]
      : []),
  ];
  const columns: Record<string, unknown[]> = {
    k: keys,
    [nTexts]: counts,
    [lenMean]: lengths.map((l, i) => l / counts[i]!),
    [sentimentMean]: scores.map((s, i) => s / counts[i]!),
  };
  for (let j = 0; j < V; j++) columns[termNames[j]!] = Array.from({ length: K }, (_, i) => weights.weights[i * V + j]!);
  if (p.topTerms > 0) columns[top] = keys.map((_, i) => JSON.stringify(topTerms(weights, i, p.topTerms)));
  return { entities: K, ipc: columnsToIPC(columns), specs, vocabulary: weights.vocabulary };
}
