import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../test-support/csv';
import { EXPERIMENT, generateExperiment } from './experiment';

describe('sample experiment', () => {
  const text = generateExperiment();
  const [header, ...rows] = parseCsv(text);

  it('is deterministic and is the committed public/samples/experiment.csv', () => {
    expect(generateExperiment()).toBe(text);
    expect(readFileSync(new URL('../../public/samples/experiment.csv', import.meta.url), 'utf8')).toBe(text);
    expect(header).toEqual([...EXPERIMENT.header]);
  });

  it('holds the planted units: each once, plus the ones logged under a second arm', () => {
    expect(rows).toHaveLength(EXPERIMENT.units + EXPERIMENT.mixedUnits);
    const arms = new Map<string, Set<string>>();
    for (const [id, arm] of rows) arms.set(id!, (arms.get(id!) ?? new Set()).add(arm!));
    expect(arms.size).toBe(EXPERIMENT.units);
    expect([...arms.values()].filter((s) => s.size > 1)).toHaveLength(EXPERIMENT.mixedUnits);
    // Revenue only where converted; new units have no pre-period spend.
    expect(rows.every(([, , c, revenue]) => (c === '1') === Number(revenue) > 0)).toBe(true);
    const fresh = rows.slice(0, EXPERIMENT.units).filter((r) => r[4] === '').length / EXPERIMENT.units;
    expect(fresh).toBeGreaterThan(EXPERIMENT.newUnitShare / 2);
    expect(fresh).toBeLessThan(EXPERIMENT.newUnitShare * 2);
  });
});
