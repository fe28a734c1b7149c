/**
 * Text features of reviews and complaints: word tokens, a lexicon sentiment score and TF-IDF.
 *
 * Tokens come from `Intl.Segmenter` word segmentation (ICU's dictionary splits Chinese and
 * Japanese into words, not characters: `物超所值,推荐购买` → 物超所值 · 推荐 · 购买), lower-cased
 * and NFKC-normalised. TF-IDF follows scikit-learn's `TfidfVectorizer` defaults so results can be
 * checked against it: raw term counts, `idf = ln((1 + n) / (1 + df)) + 1`, each row L2-normalised
 * over the kept vocabulary, and `maxFeatures` keeps the terms with the highest count across the
 * corpus (ties: the term that sorts first).
 */
import { NEGATIVE, NEGATION_WINDOW, NEGATORS, POSITIVE, STOPWORDS } from './lexicon';

let segmenter: Intl.Segmenter | undefined;

/** Marks the end of a clause in `tokenize(text, true)`: negation does not reach past it. */
export const CLAUSE = '\n';
const CLAUSE_PUNCTUATION = /[,.;:!?()[\]"，。；：！？、（）]/u;

/**
 * Word tokens of `text`, lower-cased; punctuation, spaces and emoji dropped. With `clauses`, a
 * CLAUSE token stands where punctuation ends a clause ("not as described, returned it").
 */
export function tokenize(text: string, clauses = false): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const out: string[] = [];
  for (const s of segmenter.segment(text.normalize('NFKC'))) {
    if (!s.isWordLike) {
      if (clauses && CLAUSE_PUNCTUATION.test(s.segment) && out.length && out[out.length - 1] !== CLAUSE)
        out.push(CLAUSE);
      continue;
    }
    const token = s.segment
      .toLowerCase()
      .replace(/^['’]+|['’]+$/g, '')
      .replaceAll('’', "'");
    if (token) out.push(token);
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const NUMBER = /^[\p{N}.,]+$/u;

/** Tokens worth counting as terms: no stopwords, numbers, or one-letter Latin words (a single Han character is a word). */
export function isTerm(token: string): boolean {
  if (token === CLAUSE || STOPWORDS.has(token) || NUMBER.test(token)) return false;
  return [...token].length >= 2 || HAN.test(token);
}

function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

export interface Sentiment {
  /** (positive − negative) / (positive + negative), in [−1, 1]; 0 when no sentiment word occurs. */
  score: number;
  positive: number;
  negative: number;
}

/**
 * Lexicon sentiment of tokens from `tokenize(text, true)`: a negator ("not", "never", 不, 没)
 * flips the next sentiment word within 3 tokens in the same clause.
 */
export function sentiment(tokens: string[]): Sentiment {
  let positive = 0;
  let negative = 0;
  let negatedUntil = -1;
  tokens.forEach((token, i) => {
    if (token === CLAUSE) {
      negatedUntil = -1;
      return;
    }
    if (isNegator(token)) {
      negatedUntil = i + NEGATION_WINDOW;
      return;
    }
    const polarity = POSITIVE.has(token) ? 1 : NEGATIVE.has(token) ? -1 : 0;
    if (polarity === 0) return;
    const flipped = i <= negatedUntil ? -polarity : polarity;
    if (i <= negatedUntil) negatedUntil = -1;
    if (flipped > 0) positive++;
    else negative++;
  });
  const total = positive + negative;
  return { score: total === 0 ? 0 : (positive - negative) / total, positive, negative };
}

export interface Tfidf {
  /** Kept terms, by descending corpus count (ties: term order). */
  vocabulary: string[];
  /** [V] smoothed idf per kept term. */
  idf: Float64Array;
  /** [nDocs × V] row-major, each row L2-normalised (all-zero rows stay zero). */
  weights: Float64Array;
  /** [V] number of documents containing each term. */
  df: Int32Array;
}

/** TF-IDF over documents given as term lists (see the file comment for the exact definition). */
export function tfidf(docs: string[][], opts: { maxFeatures: number; minDf?: number }): Tfidf {
  return tfidfCounts(
    docs.map((doc) => {
      const counts = new Map<string, number>();
      for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1);
      return counts;
    }),
    opts,
  );
}

/** As `tfidf`, from each document's term counts (term → occurrences): no per-occurrence work. */
export function tfidfCounts(docs: Map<string, number>[], opts: { maxFeatures: number; minDf?: number }): Tfidf {
  const minDf = opts.minDf ?? 1;
  const corpusCount = new Map<string, number>();
  const docCount = new Map<string, number>();
  for (const doc of docs) {
    for (const [t, c] of doc) {
      corpusCount.set(t, (corpusCount.get(t) ?? 0) + c);
      docCount.set(t, (docCount.get(t) ?? 0) + 1);
    }
  }
  const vocabulary = [...corpusCount.keys()]
    .filter((t) => docCount.get(t)! >= minDf)
    .sort((a, b) => corpusCount.get(b)! - corpusCount.get(a)! || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, opts.maxFeatures);
  const V = vocabulary.length;
  const n = docs.length;
  const df = Int32Array.from(vocabulary, (t) => docCount.get(t)!);
  const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
  const weights = new Float64Array(n * V);
  docs.forEach((doc, i) => {
    const row = i * V;
    let norm = 0;
    for (let j = 0; j < V; j++) {
      const w = (doc.get(vocabulary[j]!) ?? 0) * idf[j]!;
      weights[row + j] = w;
      norm += w * w;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let j = 0; j < V; j++) weights[row + j]! *= inv;
    }
  });
  return { vocabulary, idf, weights, df };
}

/** The `k` highest-weighted terms of row `i` (weight > 0; ties: vocabulary order). */
export function topTerms(t: Tfidf, i: number, k: number): string[] {
  const V = t.vocabulary.length;
  return Array.from({ length: V }, (_, j) => j)
    .filter((j) => t.weights[i * V + j]! > 0)
    .sort((a, b) => t.weights[i * V + b]! - t.weights[i * V + a]! || a - b)
    .slice(0, k)
    .map((j) => t.vocabulary[j]!);
}
