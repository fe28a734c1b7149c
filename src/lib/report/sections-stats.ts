/** The report's statistics sections: segment comparisons (compare-segments) and experiment readouts (ab-test). */
import type { ReportData } from './gather';
import { empty, fmt, h3, num, obj, p, pct, str, table, type Row } from './parts';
import type { Section } from './sections';
import { ranSteps } from './sections';
import { barChart, PALETTE } from './svg';

const pValue = (v: unknown) => {
  const x = num(v);
  return x === null ? '–' : x < 0.001 ? x.toExponential(1) : x.toFixed(3);
};
const signedPct = (v: unknown) => {
  const x = num(v);
  return x === null ? '–' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
};

export function comparisonSection(d: ReportData): Section {
  const parts = ranSteps(d, ['compare-segments']).map(({ id, summary }) => {
    const rows: Row[] = d.tables[`${id}.comparison`] ?? [];
    const value = (r: Row, v: unknown) => (r.kind === 'category' ? pct(v) : fmt(v));
    return [
      h3(`${id}: ${str(summary.aLabel)} vs ${str(summary.bLabel)}`),
      p(str(summary.sentence)),
      p(
        `${fmt(obj(summary.entities).a, 0)} vs ${fmt(obj(summary.entities).b, 0)} ${str(summary.entity) || 'entities'}; ${fmt(summary.features, 0)} features compared, ${fmt(summary.significant, 0)} with q < 0.05 (Benjamini–Hochberg). Numbers: Welch's t-test, effect = Cohen's d; categories: chi-square test, effect = Cramér's V and the level whose share differs most.`,
        'muted',
      ),
      rows.length
        ? `<div class="charts">${barChart({
            title: `${id}: strength of each difference (signed: higher in ${str(summary.aLabel)} → right)`,
            xLabel: "|r| for numbers, Cramér's V for categories",
            bars: rows.map((r) => ({
              label: `${str(r.feature)}${r.level !== null && r.level !== undefined ? ` = ${str(r.level)}` : ''}${num(r.q) !== null && num(r.q)! < 0.05 ? ' *' : ''}`,
              value: (num(r.strength) ?? 0) * Math.sign(num(r.difference) ?? 0),
              colour: num(r.q) !== null && num(r.q)! < 0.05 ? PALETTE[0]! : '#9aa5b1',
            })),
          })}</div>`
        : '',
      table(
        ['Feature', 'Kind', 'Level', str(summary.aLabel), str(summary.bLabel), 'Difference', 'Effect', 'p', 'q'],
        rows.map((r) => [
          str(r.feature),
          str(r.kind),
          str(r.level),
          value(r, r.a),
          value(r, r.b),
          r.kind === 'category' ? signedPct(r.difference) : fmt(r.difference),
          `${r.kind === 'category' ? 'V' : 'd'} = ${fmt(r.effect)}`,
          pValue(r.p),
          pValue(r.q),
        ]),
        { numeric: [3, 4, 5, 7, 8] },
      ),
    ].join('\n');
  });
  return {
    id: 'comparison',
    title: 'Segment comparison',
    body: parts.join('\n') || empty('No segment comparison (compare-segments) ran in this analysis.'),
  };
}

export function experimentSection(d: ReportData): Section {
  const parts = ranSteps(d, ['ab-test']).map(({ id, summary }) => {
    const rows: Row[] = d.tables[`${id}.arms`] ?? [];
    const srm = obj(summary.srm);
    const cuped = summary.cuped ? obj(summary.cuped) : null;
    const binary = summary.kind === 'binary' && !cuped;
    const value = (v: unknown) => (binary ? pct(v) : fmt(v));
    const level = `${Math.round((1 - (num(summary.alpha) ?? 0.05)) * 100)}%`;
    return [
      h3(`${id}: ${str(summary.metric)} by arm`),
      srm.flagged
        ? `<p class="bad"><strong>Sample-ratio mismatch (p = ${pValue(srm.p)}): this readout cannot be trusted.</strong> The arms' sizes differ from the planned split; find out why before reading the figures below.</p>`
        : p(`Sample sizes match the planned split (sample-ratio chi-square p = ${pValue(srm.p)}).`, 'muted'),
      p(str(summary.sentence)),
      p(
        `${fmt(summary.units, 0)} units${num(summary.mixedUnits) ? `; ${fmt(summary.mixedUnits, 0)} seen in more than one arm left out` : ''}. ${binary ? 'A 0/1 metric: Wilson intervals, pooled two-proportion z-test, Beta(1 + conversions, 1 + non-conversions) posteriors.' : "Welch's t-test, t intervals, normal posteriors of the means."} Lift intervals by the delta method; P(best) and expected loss by numerical integration. No multiplicity correction: each variant is tested against control on its own.`,
        'muted',
      ),
      cuped
        ? p(
            `CUPED on ${str(cuped.pre)}: θ = ${fmt(cuped.theta, 4)}, variance reduced by ${pct(cuped.varianceReduction)}; the figures are of the adjusted metric.`,
          )
        : '',
      table(
        [
          'Arm',
          'Units',
          'Mean',
          `${level} interval`,
          'Lift',
          `${level} lift interval`,
          'p',
          'P(best)',
          'Expected loss',
          'MDE (80% power)',
        ],
        rows.map((r) => [
          `${str(r.variant)}${r.lift === null ? ' (control)' : ''}`,
          fmt(r.n, 0),
          value(r.mean),
          `${value(r.ci_low)} – ${value(r.ci_high)}`,
          signedPct(r.lift),
          r.lift === null ? '' : `${signedPct(r.lift_ci_low)} – ${signedPct(r.lift_ci_high)}`,
          pValue(r.p),
          pct(r.prob_best),
          value(r.expected_loss),
          r.mde === null ? '' : value(r.mde),
        ]),
        { numeric: [1, 2, 4, 6, 7, 8, 9] },
      ),
    ].join('\n');
  });
  return {
    id: 'experiments',
    title: 'Experiments',
    body: parts.join('\n') || empty('No experiment readout (ab-test) ran in this analysis (Test stage).'),
  };
}
