/**
 * Every request this page's main thread made (Resource Timing), marked same-origin or not.
 * Worker requests are not visible here; the headless runner and the e2e tests watch those
 * at the browser level.
 */
export class EgressMonitor {
  requests = $state.raw<string[]>([]);
  offOrigin = $derived(this.requests.filter((url) => !isOwnOrigin(url)));
  #observer: PerformanceObserver | undefined;

  start(): void {
    const add = (entries: PerformanceEntryList) => (this.requests = [...this.requests, ...entries.map((e) => e.name)]);
    add(performance.getEntriesByType('resource'));
    this.#observer = new PerformanceObserver((list) => add(list.getEntries()));
    this.#observer.observe({ type: 'resource' });
  }

  stop(): void {
    this.#observer?.disconnect();
  }
}

export function isOwnOrigin(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  return new URL(url, location.href).origin === location.origin;
}
