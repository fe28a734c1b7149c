/**
 * Writes the demo/test sample CSVs to public/samples/ (served as static files by Vite).
 *
 *   npx tsx scripts/samples.ts          (or: npm run samples)
 *
 * The generator is deterministic, so re-running this reproduces byte-identical files;
 * the planted structure they contain is described in src/samples/PLANTED.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSamples, DEFAULTS } from '../src/samples/generate';
import { generateExperiment } from '../src/samples/experiment';
import { generateJourneys } from '../src/samples/journeys';
import { generateKpi } from '../src/samples/kpi';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'samples');
mkdirSync(outDir, { recursive: true });

const started = performance.now();
// The planted experiment, journeys and KPI log are separate files, so the four above stay byte-identical.
const csvs: Record<string, string> = {
  ...generateSamples(),
  experiment: generateExperiment(),
  journeys: generateJourneys(),
  kpi: generateKpi(),
};
const elapsed = performance.now() - started;

let total = 0;
for (const [name, text] of Object.entries(csvs)) {
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(join(outDir, `${name}.csv`), bytes);
  total += bytes.length;
  const rows = text.split('\n').length - 2; // minus header and the trailing empty line
  console.log(`${`${name}.csv`.padEnd(14)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB  ${rows} rows`);
}
console.log(
  `${'total'.padEnd(14)} ${(total / 1024).toFixed(1).padStart(8)} KiB  (seed ${DEFAULTS.seed}, generated in ${elapsed.toFixed(0)} ms)`,
);
console.log(`written to ${outDir}`);
