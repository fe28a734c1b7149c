import { describe, it, expect } from 'vitest';
import { isTerm, sentiment, tfidf, tokenize, topTerms } from './text';
import { REVIEW_TEXTS } from '../../samples/generate';

describe('tokenize', () => {
  it('segments Chinese into words, not characters (Intl.Segmenter with ICU dictionaries)', () => {
    expect(tokenize('物超所值,推荐购买。')).toEqual(['物超所值', '推荐', '购买']);
    expect(tokenize('用了一周就坏了,很失望。')).toContain('失望');
  });
  it('lower-cases, keeps contractions whole and drops punctuation', () => {
    expect(tokenize("Wouldn't recommend, it's BROKEN!")).toEqual(["wouldn't", 'recommend', "it's", 'broken']);
    expect(tokenize('  …  ')).toEqual([]);
  });
  it('keeps single Han characters as terms but not single Latin letters, numbers or stopwords', () => {
    expect(['差', 'x', '42', 'the', 'knife'].map(isTerm)).toEqual([true, false, false, false, true]);
  });
});

describe('sentiment', () => {
  it('ends negation at a clause break', () => {
    expect(tokenize('Not as described, returned it.', true)).toEqual([
      'not',
      'as',
      'described',
      '\n',
      'returned',
      'it',
      '\n',
    ]);
    expect(sentiment(tokenize('Not as described, returned it.', true)).score).toBe(-1);
    // Without clause marks the negation would have reached 'returned'.
    expect(sentiment(tokenize('Not as described returned it')).score).toBe(1);
  });
  it('counts lexicon words and flips them after a negator', () => {
    expect(sentiment(tokenize('Poor quality, would not recommend.', true))).toEqual({
      score: -1,
      positive: 0,
      negative: 2,
    });
    expect(sentiment(tokenize("Wouldn't recommend", true))).toEqual({ score: -1, positive: 0, negative: 1 });
    expect(sentiment(tokenize('Great, but it broke.', true))).toEqual({ score: 0, positive: 1, negative: 1 });
    expect(sentiment(tokenize('质量太差了，不推荐。', true))).toMatchObject({ negative: 2, positive: 0 });
    expect(sentiment(tokenize('物超所值,推荐购买。', true))).toMatchObject({ positive: 2, negative: 0 });
    expect(sentiment(tokenize('It arrived on Tuesday.', true))).toEqual({ score: 0, positive: 0, negative: 0 });
  });
  it('puts every planted positive review above zero and every negative one below', () => {
    const score = (t: string) => sentiment(tokenize(t, true)).score;
    for (const t of [...REVIEW_TEXTS.positive, ...REVIEW_TEXTS.positiveZh]) expect(score(t), t).toBeGreaterThan(0);
    for (const t of [...REVIEW_TEXTS.negative, ...REVIEW_TEXTS.negativeZh]) expect(score(t), t).toBeLessThan(0);
    const neutral = [...REVIEW_TEXTS.neutral, ...REVIEW_TEXTS.neutralZh].map(score);
    expect(neutral.reduce((s, v) => s + v, 0) / neutral.length).toBeGreaterThan(-0.5);
  });
});

describe('tfidf (scikit-learn TfidfVectorizer defaults: smooth idf, L2 rows)', () => {
  // df: a 1, b 2, c 1 over n = 2 documents → idf(a) = idf(c) = ln(3/2) + 1, idf(b) = ln(3/3) + 1 = 1.
  const docs = [
    ['a', 'b', 'b'],
    ['b', 'c'],
  ];
  const idfRare = Math.log(3 / 2) + 1;
  it('matches the hand-computed weights', () => {
    const t = tfidf(docs, { maxFeatures: 10 });
    // Vocabulary by corpus count: b (3), then a and c (1 each, alphabetical).
    expect(t.vocabulary).toEqual(['b', 'a', 'c']);
    expect(Array.from(t.df)).toEqual([2, 1, 1]);
    const n1 = Math.hypot(2, idfRare);
    const n2 = Math.hypot(1, idfRare);
    const expected = [2 / n1, idfRare / n1, 0, 1 / n2, 0, idfRare / n2];
    Array.from(t.weights).forEach((w, i) => expect(w).toBeCloseTo(expected[i]!, 12));
    expect(topTerms(t, 0, 5)).toEqual(['b', 'a']);
    expect(topTerms(t, 1, 1)).toEqual(['c']);
  });
  it('limits the vocabulary before normalising (as max_features does) and honours minDf', () => {
    const t = tfidf(docs, { maxFeatures: 2 });
    expect(t.vocabulary).toEqual(['b', 'a']);
    // Document 2 keeps only b, so its row normalises to exactly 1.
    expect(Array.from(t.weights.slice(2))).toEqual([1, 0]);
    expect(tfidf(docs, { maxFeatures: 10, minDf: 2 }).vocabulary).toEqual(['b']);
    // An empty document stays an all-zero row.
    expect(Array.from(tfidf([[], ['b']], { maxFeatures: 5 }).weights)).toEqual([0, 1]);
  });
});
