import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeNetwork } from './network';

// Two triangles {a,b,c} and {d,e,f} joined by one weak edge c–d.
const edges = [
  ['a', 'b', 5],
  ['b', 'c', 5],
  ['a', 'c', 5],
  ['d', 'e', 5],
  ['e', 'f', 5],
  ['d', 'f', 5],
  ['c', 'd', 1],
].map(([source, target, weight]) => ({ source: String(source), target: String(target), weight: Number(weight) }));

describe('analyzeNetwork', () => {
  it('finds the two triangles as communities, with hand-checked degrees', () => {
    const r = analyzeNetwork(edges);
    const by = new Map(r.nodes.map((n) => [n.node, n]));
    expect(r.communities).toBe(2);
    expect(by.get('a')!.community).toBe(by.get('b')!.community);
    expect(by.get('a')!.community).not.toBe(by.get('d')!.community);
    expect(by.get('c')!.degree).toBe(3);
    expect(by.get('c')!.weightedDegree).toBe(11);
    expect(by.get('a')!.weightedDegree).toBe(10);
    // Modularity of this split: Q = Σ_c [L_c/m − (d_c/2m)²] with total weight m = 31, and for each
    // triangle inner weight L_c = 15 and degree sum d_c = 10 + 10 + 11 = 31 → 2 · (15/31 − 1/4).
    expect(r.modularity).toBeCloseTo(2 * (15 / 31 - 0.25), 6);
  });

  it('gives PageRank that sums to 1, highest at the bridge nodes, and is reproducible', () => {
    const r = analyzeNetwork(edges);
    expect(r.nodes.reduce((s, n) => s + n.pagerank, 0)).toBeCloseTo(1, 6);
    const top = [...r.nodes]
      .sort((x, y) => y.pagerank - x.pagerank)
      .slice(0, 2)
      .map((n) => n.node)
      .sort();
    expect(top).toEqual(['c', 'd']);
    expect(analyzeNetwork(edges)).toEqual(r);
  });
});

describe('PageRank, converged', () => {
  // networkx's PageRank (alpha 0.85, tol 1e-10) of a co-purchase graph from Online Retail, computed
  // once by scripts/reference/pagerank.py (CI runs no Python).
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/retail-pagerank.json'), 'utf8')) as {
    nodes: string[];
    edges: [number, number, number][];
    pagerank: number[];
  };

  it('matches networkx to 1e-9 on the Online Retail co-purchase graph', () => {
    const r = analyzeNetwork(
      fixture.edges.map(([s, t, w]) => ({ source: fixture.nodes[s]!, target: fixture.nodes[t]!, weight: w })),
    );
    expect(r.nodes).toHaveLength(fixture.nodes.length);
    const ours = new Map(r.nodes.map((n) => [n.node, n.pagerank]));
    const worst = Math.max(...fixture.nodes.map((node, i) => Math.abs(ours.get(node)! - fixture.pagerank[i]!)));
    expect(worst).toBeLessThan(1e-9);
  });
});
