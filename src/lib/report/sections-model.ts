/** The report's later sections: model metrics and curves, drift, and the audit summary. */
import type { ReportData } from './gather';
import { arr, empty, esc, fmt, h3, num, obj, p, pct, str, table } from './parts';
import { ranSteps, type Section } from './sections';
import { barChart, lineChart } from './svg';

const STATUS_COLOUR: Record<string, string> = {
  stable: '#1f7a4d',
  'moderate shift': '#d9822b',
  'significant shift': '#b3261e',
};

export function modelSection(d: ReportData): Section {
  const parts = ranSteps(d, ['train-classifier']).map(({ id, s, summary }) => {
    const t = (name: string) => d.tables[`${id}.${name}`] ?? [];
    const [roc, pr, history, importance, calibration] = [
      t('roc'),
      t('pr'),
      t('history'),
      t('importance'),
      t('calibration'),
    ];
    const c = obj(summary.confusion);
    const split = obj(summary.split);
    const pairs = (rows: typeof roc, x: string, y: string) =>
      rows.flatMap((r) =>
        num(r[x]) !== null && num(r[y]) !== null ? [[num(r[x])!, num(r[y])!] as [number, number]] : [],
      );
    const charts = [
      roc.length
        ? lineChart({
            title: `${id}: ROC curve (test AUC ${fmt(summary.auc)})`,
            xLabel: 'false positive rate',
            yLabel: 'true positive rate',
            x: [0, 1],
            y: [0, 1],
            series: [
              { name: 'test', points: pairs(roc, 'fpr', 'tpr') },
              {
                name: 'chance',
                points: [
                  [0, 0],
                  [1, 1],
                ],
                dashed: true,
                colour: '#9aa9b7',
              },
            ],
          })
        : '',
      pr.length
        ? lineChart({
            title: `${id}: precision–recall (PR-AUC ${fmt(summary.prAuc)})`,
            xLabel: 'recall',
            yLabel: 'precision',
            x: [0, 1],
            y: [0, 1],
            series: [{ name: 'test', points: pairs(pr, 'recall', 'precision') }],
          })
        : '',
      history.length
        ? lineChart({
            title: `${id}: loss per epoch`,
            xLabel: 'epoch',
            yLabel: 'loss',
            series: [
              { name: 'training', points: pairs(history, 'epoch', 'loss') },
              { name: 'validation', points: pairs(history, 'epoch', 'val_loss') },
            ],
          })
        : '',
      calibration.length
        ? lineChart({
            title: `${id}: calibration`,
            xLabel: 'predicted probability',
            yLabel: 'observed rate',
            x: [0, 1],
            y: [0, 1],
            series: [
              { name: 'model', points: pairs(calibration, 'predicted', 'observed') },
              {
                name: 'perfect',
                points: [
                  [0, 0],
                  [1, 1],
                ],
                dashed: true,
                colour: '#9aa9b7',
              },
            ],
          })
        : '',
      importance.length
        ? barChart({
            title: `${id}: permutation importance (AUC drop)`,
            xLabel: 'AUC drop when shuffled',
            bars: importance.map((r) => ({ label: str(r.feature), value: num(r.importance) ?? 0 })),
          })
        : '',
    ].filter(Boolean);
    return [
      h3(
        `${id}: predicting '${str(summary.label)}' (${str(summary.model)}${arr(summary.hidden).length ? ` ${arr(summary.hidden).map(str).join('×')}` : ''})`,
      ),
      p(
        `Trained on ${fmt(split.train, 0)} rows, validated on ${fmt(split.validation, 0)}, tested on ${fmt(split.test, 0)} (seeded, stratified split; seed ${fmt(split.seed, 0)}); ${fmt(summary.epochsRun, 0)} epochs on the ${str(s.backend?.name ?? summary.backend)} backend.`,
      ),
      table(
        ['Test metric', 'Value'],
        [
          ['ROC-AUC', fmt(summary.auc)],
          ['PR-AUC', fmt(summary.prAuc)],
          ['Log loss', fmt(summary.logLoss)],
          [`Accuracy at ${fmt(summary.threshold, 2)}`, pct(summary.accuracy)],
          ['Precision', pct(summary.precision)],
          ['Recall', pct(summary.recall)],
          ['F1', fmt(summary.f1)],
        ],
        { numeric: [1] },
      ),
      Object.keys(c).length
        ? table(
            ['', 'predicted 1', 'predicted 0'],
            [
              ['actual 1', fmt(c.tp, 0), fmt(c.fn, 0)],
              ['actual 0', fmt(c.fp, 0), fmt(c.tn, 0)],
            ],
            { numeric: [1, 2], caption: 'Confusion matrix (test rows)' },
          )
        : '',
      charts.length ? `<div class="charts">${charts.join('')}</div>` : '',
    ].join('\n');
  });
  return {
    id: 'model',
    title: 'Model metrics',
    body: parts.join('\n') || empty('No classifier (train-classifier) was trained in this analysis.'),
  };
}

export function driftSection(d: ReportData): Section {
  const parts = ranSteps(d, ['drift']).map(({ id, s, summary }) => {
    const psi = d.tables[`${id}.psi`] ?? [];
    const step = d.recipe.steps.find((x) => x.id === id);
    const auc = obj(summary.auc);
    return [
      h3(`${id}: ${step?.input ?? 'new data'} against ${str(summary.reference)}`),
      `<p class="advice ${summary.retrainRecommended ? 'bad' : 'good'}">${esc(str(summary.advice))}</p>`,
      p(
        `Largest PSI ${fmt(summary.maxPsi)}; significant shift (PSI ≥ 0.25): ${arr(summary.drifted).map(str).join(', ') || 'none'}; moderate (0.10–0.25): ${arr(summary.moderate).map(str).join(', ') || 'none'}.${num(auc.reference) !== null ? ` AUC ${fmt(auc.reference)} then, ${fmt(auc.current)} now.` : ''}`,
      ),
      psi.length
        ? barChart({
            title: `${id}: population stability index by feature`,
            xLabel: 'PSI',
            bars: psi.map((r) => ({
              label: str(r.feature),
              value: num(r.psi) ?? 0,
              colour: STATUS_COLOUR[str(r.status)],
            })),
            rules: [
              { at: 0.1, colour: '#d9822b' },
              { at: 0.25, colour: '#b3261e' },
            ],
          })
        : '',
      s.rowsIn !== undefined ? p(`${fmt(s.rowsIn, 0)} rows of new data compared.`, 'muted') : '',
    ].join('\n');
  });
  return {
    id: 'drift',
    title: 'Drift',
    body: parts.join('\n') || empty('No drift comparison ran in this analysis (Monitor stage).'),
  };
}

export function auditSection(d: ReportData): Section {
  const a = d.audit;
  if (!a) return { id: 'audit', title: 'Audit summary', body: empty('No audit was recorded with this report.') };
  const clean = a.network.offOriginCount === 0;
  return {
    id: 'audit',
    title: 'Audit summary',
    body: [
      `<div class="verdict"><div class="big ${clean ? 'good' : 'bad'}" data-off-origin="${a.network.offOriginCount}">${a.network.offOriginCount}</div><div><strong>requests left this app’s origin</strong> (${esc(a.network.origin)}), of ${fmt(a.network.requests, 0)} requests seen while the analysis ran in this browser tab.</div></div>`,
      a.inputs.length
        ? table(
            ['Source', 'File', 'Bytes', 'SHA-256'],
            a.inputs.map((f) => [
              f.source,
              f.name,
              fmt(f.bytes, 0),
              f.sha256 ? { html: esc(f.sha256), cls: 'hash' } : `not computed${f.note ? `: ${f.note}` : ''}`,
            ]),
            { numeric: [2], caption: 'Input files' },
          )
        : p('No input file was recorded.', 'muted'),
      a.personalData.length
        ? table(
            ['Step', 'Column', 'Treatment'],
            a.personalData.map((t) => [t.step, t.column, t.action]),
            { caption: 'Personal data treated' },
          )
        : p('No step treated a column as personal data (the recipe has no pseudonymise step).', 'muted'),
      p(
        `${a.steps.length} steps recorded (${a.steps.filter((s) => s.status === 'ok').length} ok); app ${a.app.name} ${a.app.version}. The full audit (network log, outputs, recipe) is exported from Privacy → Export audit report.`,
        'muted',
      ),
    ].join('\n'),
  };
}
