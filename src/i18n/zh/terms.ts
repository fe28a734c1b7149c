/** 核心以英文写出的术语在界面上的中文显示：按英文原值查表，查不到时原样显示。 */
import type { Messages } from '../en';

const SEGMENTS: Record<string, string> = {
  Champions: '冠军客户',
  Loyal: '忠诚客户',
  'Potential loyalists': '潜在忠诚客户',
  'New customers': '新客户',
  Promising: '有潜力客户',
  'Need attention': '需要关注',
  'About to sleep': '即将沉睡',
  'At risk': '流失风险',
  "Can't lose": '不能失去',
  Hibernating: '休眠客户',
};

const MEANINGS: Record<string, string> = {
  'bought recently, buy often': '最近购买过，且经常购买',
  'buy often, fairly recently': '经常购买，且相对最近',
  'recent, several purchases': '最近购买过，有多次购买',
  'first purchase very recently': '最近刚完成首次购买',
  'recent single purchase': '最近有一次购买',
  'average recency and frequency': '购买间隔与频次均处于平均水平',
  'below average, slipping away': '低于平均，正在流失',
  'bought often, long ago': '曾经常购买，但已很久未购买',
  'were the best customers, long ago': '曾是最好的客户，但已很久未购买',
  'few purchases, long ago': '购买很少，且已很久未购买',
};

const LEVELS: Record<string, string> = { 'very high': '非常高', high: '偏高', 'very low': '非常低', low: '偏低' };

/** Backend details the training worker writes (src/lib/ml/tf-host.ts); adapter and renderer names pass through. */
const DETAILS: Record<string, string> = {
  'this browser has no WebGPU': '此浏览器不支持 WebGPU',
  'no WebGPU adapter': '没有可用的 WebGPU 适配器',
  'no WebGL2 context in a worker': 'worker 中无法创建 WebGL2 上下文',
  'not available': '不可用',
  'not probed': '未检测',
  'failed to initialise': '初始化失败',
  'WebAssembly SIMD': 'WebAssembly SIMD',
  'plain JavaScript': '纯 JavaScript',
};

function backendReason(english: string): string {
  const m = /^(\w+): (.*)$/.exec(english);
  if (!m) return english;
  const [, name, rest] = m as unknown as [string, string, string];
  const requested = /^requested but not available \((.*)\)$/.exec(rest);
  if (requested) return `${name}：已指定但不可用（${DETAILS[requested[1]!] ?? requested[1]}）`;
  const software = /^software adapter \((.*)\), not a GPU$/.exec(rest);
  if (software) return `${name}：软件适配器（${software[1]}），不是 GPU`;
  const failed = /^failed to initialise \((.*)\)$/.exec(rest);
  if (failed) return `${name}：初始化失败（${failed[1]}）`;
  return `${name}：${DETAILS[rest] ?? rest}`;
}

export const terms: Messages['terms'] = {
  segment: (english) => SEGMENTS[english] ?? english,
  meaning: (english) => MEANINGS[english] ?? english,
  cluster: (english) => {
    if (english === 'close to average on every feature') return '各项特征均接近平均';
    if (english === 'empty (no rows)') return '空（没有行）';
    // "<level> <feature>, <level> <feature>": the levels translated, the feature names kept.
    return english
      .split(', ')
      .map((term) => {
        const level = Object.keys(LEVELS).find((l) => term.startsWith(`${l} `));
        return level ? `${term.slice(level.length + 1)} ${LEVELS[level]}` : term;
      })
      .join('，');
  },
  backendReason,
};
