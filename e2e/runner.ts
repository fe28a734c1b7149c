/** The headless runner as e2e tests call it: `node scripts/analyze.mjs …`, and its CSV outputs. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((done) => {
    execFile(command, args, { timeout: 170_000 }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `npm run analyze -- <args>`. */
export const analyze = (...args: string[]) => run('node', ['scripts/analyze.mjs', ...args]);

/** A CSV without quoted commas (ids, numbers, short reasons): header and rows as objects. */
export function readCsv(path: string): { head: string; rows: Record<string, string>[] } {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head!.split(',');
  return { head: head!, rows: rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i]!, v]))) };
}
