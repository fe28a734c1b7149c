/**
 * Every request this page's main thread made (Resource Timing), marked same-origin or not.
 * Worker requests are not visible here; the service worker's fetch log (state/privacy.svelte.ts)
 * covers those once it controls the page, and the headless runner and the e2e tests watch them
 * at the browser level.
 */
export interface ResourceRequest {
  url: string;
  /** ISO time the request started. */
  at: string;
  /** Resource Timing's initiatorType: `script`, `fetch`, `link`, `img`, `other`… */
  initiator: string;
}

export class EgressMonitor {
  requests = $state.raw<string[]>([]);
  /** The same requests with when and how they were made, for the Privacy view. */
  entries = $state.raw<ResourceRequest[]>([]);
  offOrigin = $derived(this.requests.filter((url) => !isOwnOrigin(url)));
  #observer: PerformanceObserver | undefined;

  start(): void {
    const add = (list: PerformanceEntryList) => {
      this.requests = [...this.requests, ...list.map((e) => e.name)];
      this.entries = [
        ...this.entries,
        ...list.map((e) => ({
          url: e.name,
          at: new Date(performance.timeOrigin + e.startTime).toISOString(),
          initiator: (e as PerformanceResourceTiming).initiatorType ?? 'other',
        })),
      ];
    };
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
