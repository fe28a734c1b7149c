/**
 * From counted paths to what the journeys view draws: the Sankey graph (nodes are (step, symbol),
 * so it has no cycles; a path that stops before `maxSteps` flows on to an `(end)` node) and the
 * drop-off per step. Pure: the layout itself is d3-sankey's, in the view.
 */

/** The target of a link from a journey's last step (as the `paths` op writes it). */
export const END = '(end)';

export interface CountedPath {
  path: readonly string[];
  count: number;
}

export interface SankeyNodeSpec {
  /** `step:symbol`, unique. */
  id: string;
  /** 1-based position in the path; an `(end)` node sits one step after the path's last. */
  step: number;
  symbol: string;
}

export interface SankeyLinkSpec {
  source: string;
  target: string;
  value: number;
}

export const nodeId = (step: number, symbol: string) => `${step}:${symbol}`;

/**
 * Nodes and links of the given paths: consecutive steps are linked, and with `stops` a path shorter
 * than `maxSteps` also links its last step to `(end)`. Links are summed over paths; nodes come in
 * order of first appearance.
 */
export function sankeyGraph(
  paths: readonly CountedPath[],
  opts: { maxSteps: number; stops: boolean },
): { nodes: SankeyNodeSpec[]; links: SankeyLinkSpec[] } {
  const nodes = new Map<string, SankeyNodeSpec>();
  const links = new Map<string, SankeyLinkSpec>();
  const node = (step: number, symbol: string) => {
    const id = nodeId(step, symbol);
    if (!nodes.has(id)) nodes.set(id, { id, step, symbol });
    return id;
  };
  const link = (source: string, target: string, value: number) => {
    const key = `${source}\u0000${target}`;
    const found = links.get(key);
    if (found) found.value += value;
    else links.set(key, { source, target, value });
  };
  for (const { path, count } of paths) {
    if (count <= 0 || path.length === 0) continue;
    let previous = node(1, path[0]!);
    for (let i = 1; i < path.length; i++) {
      const next = node(i + 1, path[i]!);
      link(previous, next, count);
      previous = next;
    }
    if (opts.stops && path.length < opts.maxSteps) link(previous, node(path.length + 1, END), count);
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

export interface DropOff {
  step: number;
  /** Journeys whose path has at least `step` steps. */
  reaching: number;
  /** Of those, the journeys whose path ends at this step (it stopped there). */
  stopped: number;
  /** stopped / reaching. */
  rate: number;
}

/**
 * Drop-off per step from how many journeys have paths of each length. The last step (`maxSteps`) is
 * where paths are cut, not where journeys stop, so it has no drop-off row.
 */
export function dropOff(lengths: ReadonlyArray<{ length: number; count: number }>, maxSteps: number): DropOff[] {
  const out: DropOff[] = [];
  for (let step = 1; step < maxSteps; step++) {
    let reaching = 0;
    let stopped = 0;
    for (const { length, count } of lengths) {
      if (length >= step) reaching += count;
      if (length === step) stopped += count;
    }
    if (reaching === 0) break;
    out.push({ step, reaching, stopped, rate: stopped / reaching });
  }
  return out;
}
