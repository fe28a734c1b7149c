import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // NetworkView：共同购买网络
  network: {
    title: '共同购买网络',
    minCountBefore: '商品对至少一起购买',
    minCountAfter: '次',
    run: '构建网络',
    summary: (nodes, edges, communities, modularity) =>
      `${nodes} 种商品，${edges} 个商品对（按提升度加权），${communities} 个社区，模块度 ${fmt.fixed(modularity, 3)}。`,
    hint: '拖动可平移，滚动可缩放。',
    community: '社区',
    items: '商品数',
    central: '最核心的商品',
  },
};
