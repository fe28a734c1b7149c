import { fmt } from '../../../i18n/format';

/** The text of the graph view. */
export const en = {
  // NetworkView: co-purchase network
  network: {
    title: 'Co-purchase network',
    minCountBefore: 'Pairs bought together at least',
    minCountAfter: 'times',
    run: 'Build network',
    summary: (nodes: number, edges: number, communities: number, modularity: number) =>
      `${nodes} items, ${edges} pairs (weighted by lift), ${communities} communities, modularity ${fmt.fixed(modularity, 3)}.`,
    hint: 'Drag to pan, scroll to zoom.',
    community: 'Community',
    items: 'items',
    central: 'most central',
  },
};
