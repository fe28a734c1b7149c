// Peak memory of a process tree from Linux's /proc (the runner's record of what a run cost):
// every `intervalMs` the summed VmRSS of the processes under `rootPid` that `pick` keeps, and each
// one's VmHWM (its own peak, which also covers a spike between two samples). Elsewhere than
// Linux it measures nothing and says so (null figures).
import { readFileSync, readdirSync, existsSync } from 'node:fs';

const kB = (status, field) => {
  const m = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) * 1024 : 0;
};

/** Pids under `rootPid` (itself included), from each process's parent in /proc/<pid>/stat. */
function tree(rootPid) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      // The process ended while being read.
    }
  }
  const out = [rootPid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

/**
 * Start sampling; `stop()` returns `{ peakRssBytes, hwmBytes, samples }` (peakRssBytes: the
 * largest summed VmRSS seen; hwmBytes: the sum of each picked process's VmHWM, an upper bound).
 */
export function sampleTree(rootPid, pick = () => true, intervalMs = 500) {
  if (!rootPid || !existsSync('/proc/self/status'))
    return { stop: () => ({ peakRssBytes: null, hwmBytes: null, samples: 0 }) };
  let peakRssBytes = 0;
  let samples = 0;
  const hwm = new Map();
  const sample = () => {
    let rss = 0;
    for (const pid of tree(rootPid)) {
      try {
        if (!pick(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))) continue;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        rss += kB(status, 'VmRSS');
        hwm.set(pid, Math.max(hwm.get(pid) ?? 0, kB(status, 'VmHWM')));
      } catch {
        // The process ended while being read: its last VmHWM stays counted.
      }
    }
    peakRssBytes = Math.max(peakRssBytes, rss);
    samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssBytes, hwmBytes: [...hwm.values()].reduce((a, b) => a + b, 0), samples };
    },
  };
}
