import { describe, it, expect } from 'vitest';
import { dropOff, sankeyGraph } from './sankey';

describe('sankeyGraph', () => {
  it('links consecutive steps as (step, symbol) nodes, so a revisit is a new node, and sends short paths to (end)', () => {
    const g = sankeyGraph(
      [
        { path: ['a', 'b', 'a'], count: 3 },
        { path: ['a', 'b'], count: 2 },
        { path: ['a', 'b', 'c'], count: 1 },
      ],
      { maxSteps: 3, stops: true },
    );
    expect(g.nodes.map((n) => n.id)).toEqual(['1:a', '2:b', '3:a', '3:(end)', '3:c']);
    expect(g.links).toEqual([
      { source: '1:a', target: '2:b', value: 6 },
      { source: '2:b', target: '3:a', value: 3 },
      { source: '2:b', target: '3:(end)', value: 2 },
      { source: '2:b', target: '3:c', value: 1 },
    ]);
    // Paths ending at an `end` marker stop there by definition: no (end) node.
    expect(sankeyGraph([{ path: ['a', 'b'], count: 2 }], { maxSteps: 3, stops: false }).nodes).toHaveLength(2);
  });
});

describe('dropOff', () => {
  it('counts the journeys reaching each step and stopping there, up to the step before the cut', () => {
    // 4 journeys of 1 step, 6 of 2, 10 of 3 (cut at maxSteps 3).
    const rows = dropOff(
      [
        { length: 1, count: 4 },
        { length: 2, count: 6 },
        { length: 3, count: 10 },
      ],
      3,
    );
    expect(rows).toEqual([
      { step: 1, reaching: 20, stopped: 4, rate: 0.2 },
      { step: 2, reaching: 16, stopped: 6, rate: 6 / 16 },
    ]);
    expect(dropOff([], 5)).toEqual([]);
  });
});
