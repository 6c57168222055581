import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './fixtures/catalog-page';
import { signIn } from './fixtures/staff';

/**
 * The Content-Security-Policy is strict (scripts only from the site or with the page's nonce,
 * the wasm compiled under 'wasm-unsafe-eval', nothing inline): every page must still hydrate,
 * load its lazy chunks and call its server functions with no violation and no console error.
 */
async function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Init scripts run before the page's own and are exempt from its policy.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return problems;
}

async function policyOf(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'nonce-");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  return csp;
}

test('public pages hydrate under the Content-Security-Policy without a violation', async ({ page }) => {
  const problems = await watch(page);
  const nonces = new Set<string>();
  for (const path of ['/', '/measures', '/measures/nwf-2020-1.ip-litigation-subsidy', '/updates']) {
    const csp = await policyOf(page, path);
    nonces.add(/'nonce-([^']+)'/.exec(csp)![1]);
    await hydrated(page);
  }
  expect(nonces.size, 'a fresh nonce on every page').toBe(4);
  // A server function and a lazily loaded route (its wasm chunk is fetched and compiled).
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Check service status' }).click();
  await expect(page.getByTestId('status-output')).toContainText('is up');
  await page.getByRole('link', { name: 'Check my eligibility' }).first().click();
  await expect(page).toHaveURL(/\/wizard/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await hydrated(page);
  expect(problems).toEqual([]);
});

test('staff pages load their chunks under the policy and are never stored', async ({ page }) => {
  test.slow();
  const problems = await watch(page);
  await signIn(page, 'editor');
  const response = await page.goto('/staff/measures');
  expect(response?.headers()['cache-control']).toBe('private, no-store');
  expect(response?.headers()['content-security-policy']).toContain("'nonce-");
  await hydrated(page);
  await page.getByRole('link', { name: 'Subsidy for IP litigation costs after a successful dispute' }).click();
  await expect(page.getByRole('form', { name: 'Measure editor' })).toHaveAttribute('data-live', 'true');
  expect(problems).toEqual([]);
});
