/**
 * The runner's memory record: peak resident set of a process tree from /proc, with a child that
 * grows past what its parent holds, so the sum must come from the child.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sampleTree } from './proc-memory.mjs';

describe.skipIf(!existsSync('/proc/self/status'))('sampleTree', () => {
  it('sees a child process of the tree take 300 MB, and only the processes picked', async () => {
    // The child fills 300 MB (touched, so resident), says so, and waits to be ended.
    const child = spawn(process.execPath, [
      '-e',
      "const b = Buffer.alloc(300 * 2 ** 20, 1); console.log('full'); setInterval(() => b[0]++, 1000);",
    ]);
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    const all = sampleTree(process.pid, () => true, 50);
    const childOnly = sampleTree(process.pid, (cmd: string) => cmd.includes('Buffer.alloc'), 50);
    const none = sampleTree(process.pid, () => false, 50);
    await new Promise((r) => setTimeout(r, 200));
    const [a, c, n] = [all.stop(), childOnly.stop(), none.stop()];
    child.kill();
    const childPeak = c.peakRssBytes ?? 0;
    expect(childPeak).toBeGreaterThan(300 * 2 ** 20);
    expect(c.hwmBytes).toBeGreaterThanOrEqual(childPeak);
    // This process and the child together hold more than the child alone.
    expect(a.peakRssBytes).toBeGreaterThan(childPeak + 20 * 2 ** 20);
    expect(n.peakRssBytes).toBe(0);
    expect(a.samples).toBeGreaterThanOrEqual(3);
  });
});
