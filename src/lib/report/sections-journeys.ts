/** The report's sections for journeys (`paths`): the top paths and the drop-off per step. */
import type { ReportData } from './gather';
import { arr, empty, fmt, h3, num, obj, p, pct, str, table } from './parts';
import { ranSteps, type Section } from './sections';

const UNIT: Record<string, string> = {
  customer: 'one per customer',
  session: 'one per session',
  gap: 'a new one after a long gap',
};

export function journeysSection(d: ReportData): Section {
  const parts = ranSteps(d, ['paths']).map(({ id, summary }) => {
    const step = d.recipe.steps.find((x) => x.id === id);
    const params = obj(step?.params as never);
    const top = d.tables[`${id}.paths`] ?? [];
    const steps = d.tables[`${id}.links`] ?? [];
    const marker = str(summary.marker);
    const how =
      summary.mode === 'start'
        ? `from each journey's first '${marker}'`
        : summary.mode === 'end'
          ? `leading to each journey's first '${marker}' (journeys without one left out)`
          : 'from the start of each journey';
    const rows = top.map((r) => {
      const path = (() => {
        try {
          return JSON.parse(str(r.path)) as string[];
        } catch {
          return [str(r.path)];
        }
      })();
      return [path.join(' → '), fmt(num(r.count), 0), pct(num(r.share))];
    });
    // With `end` every path stops at that event: no drop-off to show.
    const drops =
      summary.mode === 'end'
        ? []
        : steps.map((r) => {
            const [reaching, stopped] = [num(r.reaching) ?? 0, num(r.stopped) ?? 0];
            return [fmt(num(r.step), 0), fmt(reaching, 0), fmt(stopped, 0), pct(reaching ? stopped / reaching : null)];
          });
    return [
      h3(`${id}: journeys in ${step?.input ?? ''} by ${str(params.event)}`),
      p(
        `${fmt(num(summary.journeys), 0)} journeys (${UNIT[str(summary.unit)] ?? str(summary.unit)}), ${fmt(num(summary.distinctPaths), 0)} distinct paths of at most ${fmt(num(summary.maxSteps), 0)} steps, ${how}; repeats ${params.collapseRepeats === false ? 'kept' : 'folded'}. ${arr(summary.top).length ? '' : 'No path kept.'}`,
      ),
      rows.length
        ? table(['Path', 'Journeys', 'Share'], rows, { numeric: [1, 2], caption: 'Most frequent paths' })
        : '',
      drops.length
        ? table(['Step', 'Journeys reaching it', 'Stopped there', 'Drop-off'], drops, {
            numeric: [0, 1, 2, 3],
            caption: 'Drop-off per step (of the paths kept)',
          })
        : '',
    ].join('\n');
  });
  return {
    id: 'journeys',
    title: 'Journeys',
    body: parts.join('\n') || empty('No journeys were computed in this analysis (Explore stage).'),
  };
}

/** Anomalies: per step, what was checked and each anomaly with its causes, in plain words. */
export function anomaliesSection(d: ReportData): Section {
  const parts = ranSteps(d, ['anomalies']).map(({ id, summary }) => {
    const step = d.recipe.steps.find((x) => x.id === id);
    const params = obj(step?.params as never);
    const rows = d.tables[`${id}.anomalies`] ?? [];
    const causes = d.tables[`${id}.causes`] ?? [];
    const dims = arr(params.dimensions).map(str);
    const list = rows.map((r) => {
      const period = str(r.period).slice(0, summary.grain === 'hour' ? 16 : 10);
      const value = num(r.value) ?? 0;
      const expected = num(r.expected) ?? 0;
      const why = causes
        .filter((c) => str(c.period) === str(r.period))
        .map((c) => `${str(c.value)} (${str(c.dimension)}) ${pct(num(c.contribution))}`)
        .join(', ');
      return [
        period,
        fmt(value, 2),
        fmt(expected, 2),
        expected ? `${value >= expected ? '+' : ''}${pct(value / expected - 1)}` : '–',
        fmt(num(r.score), 2),
        why || (dims.length ? 'spread over many values' : '–'),
      ];
    });
    return [
      h3(`${id}: ${str(summary.metric)} per ${str(summary.grain)} in ${step?.input ?? ''}`),
      p(
        `${fmt(num(summary.periods), 0)} periods from ${str(summary.first)} to ${str(summary.last)}${summary.droppedIncomplete ? ` (the incomplete ${str(summary.droppedIncomplete)} left out)` : ''}, each against the median of ${summary.grain === 'day' ? 'the same weekday over the previous 4 weeks' : 'the previous 4 periods'}; a period is an anomaly when its robust score |(r − median r) / (1.4826 · MAD r)| reaches ${fmt(num(summary.sensitivity), 2)}. ${fmt(num(summary.anomalies), 0)} found.`,
      ),
      list.length
        ? table(
            [
              'Period',
              'Value',
              'Expected',
              'Change',
              'Score',
              `Explained by (share of the gap)${dims.length ? '' : ': no dimensions given'}`,
            ],
            list,
            { numeric: [1, 2, 3, 4] },
          )
        : '',
    ].join('\n');
  });
  return {
    id: 'anomalies',
    title: 'Anomalies',
    body: parts.join('\n') || empty('No KPI anomaly search ran in this analysis (Monitor stage).'),
  };
}
