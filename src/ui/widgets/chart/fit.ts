/**
 * Margins that keep a chart's axis text inside its SVG. Plot sizes its margins from fixed defaults
 * (40 px on the left), so tick labels such as "200,000" or long category names spill out of the
 * SVG and are cut. The chart is drawn once, its axis text measured, and drawn again with margins
 * grown by the overflow on each side.
 */

/** A box in the SVG's own pixels (origin at its top-left corner). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
export interface Margins {
  marginLeft: number;
  marginRight: number;
  marginTop: number;
  marginBottom: number;
}

/** Breathing room between the outermost label and the SVG's edge, in px. */
const PAD = 3;

/**
 * Margins that fit every label into a `width` × `height` SVG drawn with margins `current`, or
 * undefined when every label already fits (so the caller draws only once).
 */
export function fitMargins(
  labels: readonly Box[],
  width: number,
  height: number,
  current: Margins,
): Margins | undefined {
  let [left, right, top, bottom] = [0, 0, 0, 0];
  for (const b of labels) {
    left = Math.max(left, PAD - b.left);
    right = Math.max(right, b.right - (width - PAD));
    top = Math.max(top, PAD - b.top);
    bottom = Math.max(bottom, b.bottom - (height - PAD));
  }
  if (left <= 0.5 && right <= 0.5 && top <= 0.5 && bottom <= 0.5) return undefined;
  // A stray label far outside (a text mark given a point off its scale) must not squeeze the plot
  // to nothing: no margin grows past 40% of the chart's side.
  const grow = (margin: number, by: number, side: number) =>
    Math.min(Math.max(margin, 0.4 * side), margin + (by > 0.5 ? Math.ceil(by) : 0));
  return {
    marginLeft: grow(current.marginLeft, left, width),
    marginRight: grow(current.marginRight, right, width),
    marginTop: grow(current.marginTop, top, height),
    marginBottom: grow(current.marginBottom, bottom, height),
  };
}

/** Ranges of a drawn figure's position scales (Plot's `figure.scale(name).range`). */
export interface Ranges {
  x?: readonly number[];
  y?: readonly number[];
  fx?: readonly number[];
  fy?: readonly number[];
}

/**
 * The margins a figure was drawn with, read back from its scales' ranges (Plot's defaults depend on
 * its axes). In a faceted figure the x and y ranges are those of one facet: its margins are read
 * from the facet scales (fx, fy), which span the whole frame.
 */
export function marginsOf(ranges: Ranges, width: number, height: number): Margins {
  const xr = ranges.fx?.length ? ranges.fx : ranges.x;
  const yr = ranges.fy?.length ? ranges.fy : ranges.y;
  const [x0, x1] = xr?.length ? [Math.min(...xr), Math.max(...xr)] : [40, width - 20];
  const [y0, y1] = yr?.length ? [Math.min(...yr), Math.max(...yr)] : [20, height - 30];
  return { marginLeft: x0, marginRight: width - x1, marginTop: y0, marginBottom: height - y1 };
}
