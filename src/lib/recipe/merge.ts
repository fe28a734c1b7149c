import type { Report } from './report';

/** Fold the report of a partial run (one step, or new sources) into the session's report. */
export function mergeReports(previous: Report | null, next: Report): Report {
  if (!previous) return next;
  const steps = { ...previous.steps, ...next.steps };
  const failed = Object.values(steps).find((s) => s.status === 'error');
  return {
    ...next,
    steps,
    status: failed ? 'error' : next.status === 'cancelled' ? 'cancelled' : 'ok',
    error: failed?.error?.message,
    ms: previous.ms + next.ms,
    startedAt: previous.startedAt,
  };
}
