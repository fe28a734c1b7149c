/** What the network view reads from a run of the graph op. */
import { rowsOf, stepTable, type ReadDb } from '../../data/read';

export type GraphNode = {
  item: string;
  pagerank: number;
  community: number;
  x: number;
  y: number;
};
export type GraphEdge = {
  source: string;
  target: string;
  weight: number;
};

/** The nodes, and the 5,000 heaviest edges (more would not draw). */
export async function readGraph(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [nodes, edges] = await Promise.all([
    rowsOf<GraphNode>(db, `SELECT item, pagerank, community, x, y FROM ${stepTable(stepId, 'nodes')}`, signal),
    rowsOf<GraphEdge>(
      db,
      `SELECT source, target, weight FROM ${stepTable(stepId, 'edges')} ORDER BY weight DESC LIMIT 5000`,
      signal,
    ),
  ]);
  return { nodes, edges };
}
