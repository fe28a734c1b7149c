/**
 * The `features` op's text group, computed here (not in SQL) over the texts DuckDB hands over as
 * Arrow: per entity the number of texts, their mean length in characters, the mean lexicon
 * sentiment, TF-IDF weights of the `textTerms` most used terms (each entity's texts are one
 * document) and its `topTerms` strongest terms as a JSON array.
 */
import { tableFromIPC } from 'apache-arrow';
import type { BaseKey } from '../../features/base';
import { isTerm, sentiment, tfidf, tokenize, topTerms } from '../../features/text';
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
  columns: string[];
  rows: Record<string, string | number | null>[];
  specs: FeatureSpec[];
  vocabulary: string[];
}

/** Texts repeat (item descriptions, canned replies): segment each distinct text once. */
const MAX_CACHED = 200_000;

function textParser(): (text: string) => { terms: string[]; length: number; sentiment: number } {
  const cache = new Map<string, { terms: string[]; length: number; sentiment: number }>();
  return (text) => {
    let hit = cache.get(text);
    if (!hit) {
      const tokens = tokenize(text, true);
      hit = { terms: tokens.filter(isTerm), length: [...text].length, sentiment: sentiment(tokens).score };
      if (cache.size < MAX_CACHED) cache.set(text, hit);
    }
    return hit;
  };
}

export async function textFeatures(
  ctx: OpContext,
  base: string,
  keyCol: BaseKey,
  p: TextParams,
  taken: Set<string>,
): Promise<TextFeatures> {
  const table = tableFromIPC(
    await ctx.db.arrowIPC(
      `SELECT ${keyCol} AS k, text_value FROM ${base} WHERE text_value IS NOT NULL AND trim(text_value) <> '' ORDER BY k, text_value`,
    ),
  );
  const keys: string[] = [];
  const docs: string[][] = [];
  const counts: number[] = [];
  const lengths: number[] = [];
  const scores: number[] = [];
  const parse = textParser();
  const k = table.getChild('k')!;
  const x = table.getChild('text_value')!;
  for (let i = 0; i < table.numRows; i++) {
    if (i % 5000 === 0) ctx.signal.throwIfAborted();
    const key = String(k.get(i));
    const text = String(x.get(i)).trim();
    if (keys[keys.length - 1] !== key) {
      keys.push(key);
      docs.push([]);
      counts.push(0);
      lengths.push(0);
      scores.push(0);
    }
    const j = keys.length - 1;
    const parsed = parse(text);
    counts[j]! += 1;
    lengths[j]! += parsed.length;
    scores[j]! += parsed.sentiment;
    for (const t of parsed.terms) docs[j]!.push(t);
  }
  const weights = tfidf(docs, { maxFeatures: p.textTerms, minDf: p.minDf });
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
  const rows = keys.map((key, i) => {
    const row: Record<string, string | number | null> = {
      k: key,
      [nTexts]: counts[i]!,
      [lenMean]: lengths[i]! / counts[i]!,
      [sentimentMean]: scores[i]! / counts[i]!,
    };
    for (let j = 0; j < V; j++) row[termNames[j]!] = weights.weights[i * V + j]!;
    if (p.topTerms > 0) row[top] = JSON.stringify(topTerms(weights, i, p.topTerms));
    return row;
  });
  return { columns: ['k', ...specs.map((s) => s.name)], rows, specs, vocabulary: weights.vocabulary };
}
