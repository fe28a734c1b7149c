import { describe, expect, it } from 'vitest';
import { fitMargins, marginsOf } from './fit';

const drawn = { marginLeft: 40, marginRight: 20, marginTop: 20, marginBottom: 30 };

describe('fitMargins', () => {
  it('leaves a chart whose labels fit alone', () => {
    expect(fitMargins([{ left: 10, top: 30, right: 38, bottom: 40 }], 400, 200, drawn)).toBeUndefined();
  });

  it('grows the left margin by what a wide y tick label ("200,000") spills past the edge', () => {
    // A label 44 px wide ending 9 px left of a 40 px margin starts at -13: it needs 13 + 3 px more.
    const m = fitMargins([{ left: -13, top: 50, right: 31, bottom: 60 }], 400, 200, drawn);
    expect(m).toEqual({ marginLeft: 56, marginRight: 20, marginTop: 20, marginBottom: 30 });
  });

  it('grows the right and bottom margins for a last x label and rotated labels', () => {
    const m = fitMargins([{ left: 370, top: 180, right: 412, bottom: 230 }], 400, 200, drawn);
    expect(m).toEqual({ marginLeft: 40, marginRight: 35, marginTop: 20, marginBottom: 63 });
  });
});

it('never grows a margin past 40% of the side', () => {
  const m = fitMargins([{ left: -900, top: 50, right: 31, bottom: 60 }], 400, 200, drawn);
  expect(m?.marginLeft).toBe(160);
});

describe('marginsOf', () => {
  it('reads the margins back from the scale ranges, whatever their direction', () => {
    expect(marginsOf({ x: [64, 600], y: [210, 20] }, 620, 240)).toEqual({
      marginLeft: 64,
      marginRight: 20,
      marginTop: 20,
      marginBottom: 30,
    });
  });

  it('reads a faceted figure from its facet scales, not from one facet', () => {
    // Six facets across 1,100 px: the x range is the first facet's. Read from it, the right margin
    // came out as 930 px, and the next draw squeezed every facet into the left sixth.
    const m = marginsOf({ x: [0, 150], y: [220, 30], fx: [40, 1080] }, 1100, 260);
    expect(m).toEqual({ marginLeft: 40, marginRight: 20, marginTop: 30, marginBottom: 40 });
  });
});
