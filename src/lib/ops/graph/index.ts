/**
 * `graph`: the item co-purchase network. DuckDB counts how often two items share a basket (and
 * the lift of the pair); graphology gives degree, PageRank and Louvain communities.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { requireRole } from '../shared/role-columns';
import { analyzeNetwork } from '../../graph/network';
import { defineOp } from '../types';

const params = z.strictObject({
  /** Default: the column mapped to (or named like) a basket / order id. */
  transaction: z.string().min(1).optional(),
  /** Default: the item column by role or name. */
  item: z.string().min(1).optional(),
  /** Keep pairs bought together in at least this many baskets. */
  minCount: z.number().int().min(1).default(5),
  /** Optionally keep only pairs with at least this lift. */
  minLift: z.number().min(0).optional(),
  weight: z.enum(['count', 'lift']).default('count'),
  /** Keep at most this many edges (the strongest by weight); the rest are counted in the summary. */
  maxEdges: z.number().int().min(1).default(20_000),
  seed: z.number().int().default(42),
});

export const graphOp = defineOp({
  name: 'graph',
  title: 'Co-purchase network',
  description: 'Items as nodes, bought-together pairs as edges; PageRank and Louvain communities.',
  params,
  needsInput: true,
  primaryTable: 'nodes',
  stage: 'train',
  outputs: {
    nodes: {
      description: 'one item: degree, PageRank, community and layout',
      columns: ['item', 'degree', 'weighted_degree', 'pagerank', 'community', 'x', 'y'],
    },
    edges: { description: 'one co-purchase pair', columns: ['source', 'target', 'weight', 'count', 'lift'] },
  },
  columns: { transaction: { role: 'basket', required: true }, item: { role: 'item', required: true } },
  keyFigures: (s) => [
    ['edges', s.edges, 0],
    ['communities', s.communities, 0],
    ['modularity', s.modularity, 3],
  ],
  async run(ctx, step, p) {
    const [t, i] = [
      ident(requireRole(step, 'transaction', p.transaction, 'basket', 'basket (order)')),
      ident(requireRole(step, 'item', p.item, 'item', 'item')),
    ];
    ctx.progress({ message: 'counting pairs bought together in DuckDB' });
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${step.schemaSql}.${ident('edges')} AS
      WITH b AS (SELECT DISTINCT CAST(${t} AS VARCHAR) AS basket, CAST(${i} AS VARCHAR) AS item FROM ${step.inputSql}
                 WHERE ${t} IS NOT NULL AND ${i} IS NOT NULL),
        n AS (SELECT count(DISTINCT basket)::DOUBLE AS baskets FROM b),
        freq AS (SELECT item, count(*)::DOUBLE AS baskets FROM b GROUP BY item),
        pairs AS (SELECT x.item AS source, y.item AS target, count(*) AS count
                  FROM b x JOIN b y ON x.basket = y.basket AND x.item < y.item GROUP BY ALL HAVING count(*) >= ${p.minCount}),
        scored AS (SELECT source, target, count, count * n.baskets / (fs.baskets * ft.baskets) AS lift
                   FROM pairs JOIN freq fs ON fs.item = source JOIN freq ft ON ft.item = target, n
                   ${p.minLift !== undefined ? `WHERE count * n.baskets / (fs.baskets * ft.baskets) >= ${p.minLift}` : ''})
      SELECT source, target, ${p.weight === 'count' ? 'count::DOUBLE' : 'lift'} AS weight, count, lift
      FROM scored ORDER BY weight DESC, source, target LIMIT ${p.maxEdges}`);
    const kept = await ctx.db.query(`SELECT source, target, weight FROM ${step.schemaSql}.${ident('edges')}`);
    if (kept.rows.length === 0)
      throw stepError(step.id, 'minCount', `no pair of items shares ${p.minCount} or more baskets: lower minCount`);

    ctx.progress({ message: `PageRank and communities on ${kept.rows.length} edges` });
    const network = analyzeNetwork(
      kept.rows.map((r) => ({ source: String(r.source), target: String(r.target), weight: Number(r.weight) })),
      { seed: p.seed },
    );
    const nodeRows = network.nodes.map((n) => ({
      item: n.node,
      degree: n.degree,
      weighted_degree: n.weightedDegree,
      pagerank: n.pagerank,
      community: n.community,
      x: n.x,
      y: n.y,
    }));
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident('nodes')}`);
    await ctx.db.insertArrow(
      step.schema,
      'nodes',
      rowsToIPC(['item', 'degree', 'weighted_degree', 'pagerank', 'community', 'x', 'y'], nodeRows),
    );
    const communities = await ctx.db.query(`
      SELECT community::INTEGER AS community, count(*)::DOUBLE AS items, array_to_string(list(item ORDER BY pagerank DESC)[1:5], ', ') AS top_items
      FROM ${step.schemaSql}.${ident('nodes')} GROUP BY 1 ORDER BY items DESC, community LIMIT 20`);
    return {
      tables: ['nodes', 'edges'],
      summary: {
        nodes: network.nodes.length,
        edges: kept.rows.length,
        communities: network.communities,
        modularity: network.modularity,
        weight: p.weight,
        topCommunities: communities.rows.map((r) => ({
          community: r.community ?? null,
          items: r.items ?? null,
          topItems: String(r.top_items ?? ''),
        })),
      },
    };
  },
});
