import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGUES, fmt, i18n, t, type Messages } from '.';
import { initialLocale } from './state.svelte';

type Leaf = { path: string; en: unknown; zh: unknown };

function leaves(en: object, zh: object, prefix = ''): Leaf[] {
  return Object.entries(en).flatMap(([key, value]) => {
    const other = (zh as Record<string, unknown>)[key];
    const path = prefix + key;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? leaves(value, other as object, `${path}.`)
      : [{ path, en: value, zh: other }];
  });
}

const all = leaves(CATALOGUES.en, CATALOGUES.zh);
// Names and codes that read the same in both languages.
const SAME_IN_BOTH =
  /^(SQL|RFM|CSV|JSON|HTML|Parquet|PCA|DBSCAN|k-means|ALS|BPR|NCF|GRU|ItemCF|UserCF|TagCF|TF\.js|DuckDB|AUC|ROC|PR|F1|MAP|MRR|NDCG|HR|PSI|ms|id|k|K|eps|[^A-Za-z]*)$/;
const CJK = /[\u3400-\u9fff]/;

describe('the message catalogues', () => {
  it('have the same keys and value kinds in both languages', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const { path, en, zh } of all) {
      expect(typeof zh, path).toBe(typeof en);
      if (typeof en === 'function') expect((zh as () => string).length, `${path}: arity`).toBe(en.length);
    }
  });

  it('translate every English sentence: a Chinese string is not left in English', () => {
    const untranslated = all.filter(
      ({ en, zh }) =>
        typeof en === 'string' && typeof zh === 'string' && (zh === '' || (!CJK.test(zh) && !SAME_IN_BOTH.test(en))),
    );
    expect(untranslated.map((l) => `${l.path}: ${String(l.zh)}`)).toEqual([]);
  });
});

describe('the op views\u2019 own text (src/ui/ops/<op>/i18n.en|zh.ts)', () => {
  const en = import.meta.glob<{ en: object }>('../ui/ops/*/i18n.en.ts', { eager: true });
  const zh = import.meta.glob<{ zh: object }>('../ui/ops/*/i18n.zh.ts', { eager: true });
  const folders = Object.keys(en).map((path) => path.replace('/i18n.en.ts', ''));

  it('comes in both languages, with the same keys and value kinds', () => {
    expect(folders.length).toBeGreaterThan(10);
    expect(Object.keys(zh).map((path) => path.replace('/i18n.zh.ts', ''))).toEqual(folders);
    for (const folder of folders) {
      const pairs = leaves(en[`${folder}/i18n.en.ts`]!.en, zh[`${folder}/i18n.zh.ts`]!.zh, `${folder}: `);
      for (const { path, en, zh } of pairs) expect(typeof zh, path).toBe(typeof en);
    }
  });

  it('is read through the catalogues: every group of every op view is in them, in each language', () => {
    const groups = (catalogue: object) =>
      new Set(Object.values(catalogue).flatMap((part: object) => [part, ...Object.values(part)]));
    const inEn = groups(CATALOGUES.en);
    const inZh = groups(CATALOGUES.zh);
    for (const folder of folders) {
      for (const [key, group] of Object.entries(en[`${folder}/i18n.en.ts`]!.en))
        expect(inEn.has(group), `${folder}: en.${key}`).toBe(true);
      for (const [key, group] of Object.entries(zh[`${folder}/i18n.zh.ts`]!.zh))
        expect(inZh.has(group), `${folder}: zh.${key}`).toBe(true);
    }
  });
});

describe('t', () => {
  afterEach(() => (i18n.locale = 'en'));

  it('reads the current language, and follows a switch without a reload', () => {
    const views: Messages['shell']['views'] = t.shell.views;
    expect(views.rules).toBe('Bundles');
    i18n.locale = 'zh';
    expect(t.shell.views.rules).toBe('商品组合');
    expect(t.shell.stepsDone('rfm1', 0.42)).toBe('rfm1 已完成，用时 0.4 秒');
  });
});

describe('fmt', () => {
  afterEach(() => (i18n.locale = 'en'));
  const day = new Date(Date.UTC(2026, 11, 6, 12));

  it('formats numbers and dates by the locale', () => {
    expect(fmt.count(1234567)).toBe('1,234,567');
    expect(fmt.percent(0.1234)).toBe('12.3%');
    expect(fmt.bytes(1_536_000)).toBe('1.5 MB');
    expect(fmt.date(day)).toBe('Dec 6, 2026');
    expect(fmt.list(['a', 'b', 'c'])).toBe('a, b, and c');
    i18n.locale = 'zh';
    expect(fmt.count(1234567)).toBe('1,234,567');
    expect(fmt.date(day)).toBe('2026年12月6日');
    expect(fmt.list(['a', 'b', 'c'])).toBe('a、b和c');
  });
});

describe('initialLocale', () => {
  it('takes ?lang= first, then the stored choice, then the browser languages, else English', () => {
    expect(initialLocale('?lang=zh', 'en', ['en-US'])).toBe('zh');
    expect(initialLocale('?lang=xx', 'zh', ['en-US'])).toBe('zh');
    expect(initialLocale('', null, ['fr-FR', 'zh-CN', 'en'])).toBe('zh');
    expect(initialLocale('', null, ['zh-Hant-TW'])).toBe('zh');
    expect(initialLocale('', 'de', ['fr'])).toBe('en');
  });
});

describe('template texts', () => {
  it('in English are the descriptions the recipe files carry (the runner and the report use those)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const [id, text] of Object.entries(CATALOGUES.en.workflow.templates)) {
      const recipe = JSON.parse(readFileSync(`public/samples/${id}.recipe.json`, 'utf8')) as { description: string };
      expect(text.description, id).toBe(recipe.description);
    }
  });
});

describe('terms written by the core, shown in Chinese', () => {
  afterEach(() => (i18n.locale = 'en'));

  it('looks up the English value: RFM segments, cluster descriptions, backend reasons', () => {
    i18n.locale = 'zh';
    expect(t.terms.segment('At risk')).toBe('流失风险');
    expect(t.terms.segment("Can't lose")).toBe('不能失去');
    expect(t.terms.meaning('bought often, long ago')).toBe('曾经常购买，但已很久未购买');
    expect(t.terms.cluster('very high spend, low orders')).toBe('spend 非常高，orders 偏低');
    expect(t.terms.cluster('close to average on every feature')).toBe('各项特征均接近平均');
    expect(t.terms.backendReason('webgpu: this browser has no WebGPU')).toBe('webgpu：此浏览器不支持 WebGPU');
    expect(t.terms.backendReason('webgl: software adapter (SwiftShader), not a GPU')).toBe(
      'webgl：软件适配器（SwiftShader），不是 GPU',
    );
    // An unknown value is shown as written, not lost.
    expect(t.terms.segment('VIP (custom)')).toBe('VIP (custom)');
    i18n.locale = 'en';
    expect(t.terms.segment('At risk')).toBe('At risk');
  });

  it('has a Chinese name for every RFM segment and meaning the core can write', async () => {
    const { SEGMENT_RULES } = await import('../lib/rfm/segments');
    i18n.locale = 'zh';
    for (const s of SEGMENT_RULES) {
      expect(t.terms.segment(s.segment), s.segment).toMatch(CJK);
      expect(t.terms.meaning(s.meaning), s.meaning).toMatch(CJK);
    }
  });
});
