import { expect, test } from '@playwright/test';
import { HomePage } from './fixtures/home-page';

test.describe('home page', () => {
  test('is rendered on the server before any script runs', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Find the innovation support you qualify for',
    );
    await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'false');
    await context.close();
  });

  test('hydrates and calls the status server function', async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await home.waitForHydration();
    await expect(home.statusOutput).toBeEmpty();
    await home.statusButton.click();
    await expect(home.statusOutput).toHaveText(/Service policy-portal is up \(version \d+\.\d+\.\d+\)\./);
  });

  test('is styled by the Tailwind stylesheet', async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    // bg-blue-800 on the button only exists if the generated CSS was served and applied.
    const background = await home.statusButton.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    const css = await page.request.get('/pkg/policy-portal.css');
    expect(css.ok()).toBeTruthy();
    expect(await css.text()).toContain('.bg-blue-800');
  });

  test('answers unknown addresses with a helpful 404', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
  });

  test('offers a skip link to the main content', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
  });
});
