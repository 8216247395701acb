import { describe, expect, inject, it } from 'vitest';
import { measureRoutes } from '../packages/web/scripts/bundle-budget.mjs';
import { webDist } from './support/server.ts';

// Runs on the build made by global-setup.ts (skipped with the browser tests when there is no Chromium).
describe.skipIf(Boolean(inject('skipReason')))('bundle budgets (issue 8)', () => {
  it('the login page loads under 300 KB of JavaScript and CSS, gzipped', () => {
    const [login] = measureRoutes(webDist);
    expect(login?.name).toBe('login');
    expect(login?.gzipBytes).toBeLessThanOrEqual(300 * 1024);
  });
});
