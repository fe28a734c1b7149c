import { describe, it, expect } from 'vitest';
import { groupedMatrix, type GroupableRule } from './grouped-matrix';

const rule = (antecedent: string[], consequent: string, lift: number, support: number): GroupableRule => ({
  antecedent,
  consequent,
  lift,
  support,
});

describe('groupedMatrix', () => {
  // Lift profiles over (x, y), 1 where there is no rule:
  //   {a} [2, 1]   {b} [2, 1]   {a,c} [1, 4]   {c} [1.5, 3]
  // Three distinct profiles ≤ 20 groups, so identical ones group: G {a},{b}; G {a,c}; G {c}.
  const rules = [
    rule(['a'], 'x', 2, 0.1),
    rule(['b'], 'x', 2, 0.2),
    rule(['c', 'a'], 'y', 4, 0.05),
    rule(['c'], 'y', 3, 0.07),
    rule(['c'], 'x', 1.5, 0.1),
  ];

  it('groups identical lift profiles, averages cells, names and orders groups as arulesViz', () => {
    const m = groupedMatrix(rules);
    // Mean cell lift per group: {a,c} 4; {c} (1.5 + 3) / 2 = 2.25; {a},{b} 2 → columns in that order.
    // Item scores: count in the group / (count in all antecedents + 1); a is in 2 antecedents,
    // b in 1, c in 3: group {a},{b} ranks b (1/2) before a (1/3); group {a,c} a (1/3) before c (1/4).
    expect(m.groups.map((g) => [g.group, g.label, g.lift])).toEqual([
      [1, '1 rule: {a, c}', 4],
      [2, '2 rules: {c}', 2.25],
      [3, '2 rules: {b, a}', 2],
    ]);
    // Mean row lift: y (4 + 3) / 2 = 3.5, x (2 + 1.5) / 2 = 1.75.
    expect(m.consequents).toEqual(['y', 'x']);
    expect(m.cells).toEqual([
      { group: 1, consequent: 'y', rules: 1, support: 0.05, lift: 4 },
      { group: 2, consequent: 'y', rules: 1, support: 0.07, lift: 3 },
      { group: 2, consequent: 'x', rules: 1, support: 0.1, lift: 1.5 },
      { group: 3, consequent: 'x', rules: 2, support: (0.1 + 0.2) / 2, lift: 2 },
    ]);
    expect([m.rulesUsed, m.rulesLeftOut, m.consequentsLeftOut]).toEqual([5, 0, 0]);
  });

  it('shortens labels to labelItems with "+n items", and keeps only the busiest consequents', () => {
    expect(groupedMatrix(rules, { labelItems: 1 }).groups.map((g) => g.label)).toEqual([
      '1 rule: {a, +1 items}',
      '2 rules: {c}',
      '2 rules: {b, +1 items}',
    ]);
    // x has 3 rules, y 2: with one row only x stays, and the profiles are over x alone:
    // {a} 2, {b} 2, {c} 1.5 ({a,c} has no rule on x and drops out with its rule).
    const m = groupedMatrix(rules, { consequents: 1 });
    expect(m.consequents).toEqual(['x']);
    expect([m.rulesUsed, m.rulesLeftOut, m.consequentsLeftOut]).toEqual([3, 2, 1]);
    expect(m.groups.map((g) => g.label)).toEqual(['2 rules: {a, b}', '1 rule: {c}']); // a and b tie at 1/2: by name
  });

  it('clusters by k-means when there are more distinct profiles than groups', () => {
    // Six antecedents: p1..p3 lift x strongly, q1..q3 lift y strongly; two groups.
    const lifts = [5, 5.2, 4.8];
    const many = [
      ...lifts.map((l, i) => rule([`p${i + 1}`], 'x', l, 0.01 * (i + 1))),
      ...lifts.map((l, i) => rule([`q${i + 1}`], 'y', l + 1, 0.02 * (i + 1))),
    ];
    const m = groupedMatrix(many, { groups: 2 });
    // Group y: mean lift (6 + 6.2 + 5.8) / 3 = 6, mean support 0.04; group x: 5 and 0.02.
    expect(m.groups.map((g) => [g.label, g.rules])).toEqual([
      ['3 rules: {q1, q2, +1 items}', 3],
      ['3 rules: {p1, p2, +1 items}', 3],
    ]);
    expect(m.cells).toHaveLength(2);
    expect(m.cells[0]).toMatchObject({ group: 1, consequent: 'y', rules: 3 });
    expect(m.cells[0]!.lift).toBeCloseTo(6, 12);
    expect(m.cells[0]!.support).toBeCloseTo(0.04, 12);
    expect(m.cells[1]).toMatchObject({ group: 2, consequent: 'x', rules: 3 });
    expect(m.cells[1]!.lift).toBeCloseTo(5, 12);
    expect(m.cells[1]!.support).toBeCloseTo(0.02, 12);
  });

  it('handles no rules, and checks its options', () => {
    expect(groupedMatrix([])).toEqual({
      groups: [],
      consequents: [],
      cells: [],
      rulesUsed: 0,
      rulesLeftOut: 0,
      consequentsLeftOut: 0,
    });
    expect(() => groupedMatrix(rules, { groups: 0 })).toThrow(/groups must be a positive integer/);
    expect(() => groupedMatrix(rules, { consequents: 1.5 })).toThrow(/consequents must be/);
  });
});
