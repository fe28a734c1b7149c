/**
 * Every e2e test runs with a browser-level request log (page, workers and nested workers) and
 * ends by asserting that not one request left the app's origin, and that no CSP was violated.
 */
import { test as base, expect } from '@playwright/test';

export interface Egress {
  requests: string[];
  offOrigin(): string[];
}

export const test = base.extend<{ egress: Egress; cspViolations: string[] }>({
  egress: [
    async ({ context, baseURL }, use) => {
      const requests: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      const origin = new URL(baseURL!).origin;
      const egress: Egress = {
        requests,
        offOrigin: () =>
          requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
      };
      await use(egress);
      expect(egress.offOrigin(), 'requests that left the machine').toEqual([]);
      expect(requests.length, 'the request log saw the app load').toBeGreaterThan(0);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      // Some violations (e.g. a library probing `Function('')` inside try/catch) print no console
      // error of their own: report every securitypolicyviolation event as one.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(
            `Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`,
          ),
        );
      });
      context.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
