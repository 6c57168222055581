import { expect, test } from '@playwright/test';
import { hydrated } from './fixtures/catalog-page';

test('switch to Chinese and back; the choice survives a reload', async ({ page }) => {
  await page.goto('/measures');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: /Switch to Chinese/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策措施');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策措施');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await hydrated(page);
  await page.getByRole('link', { name: /Switch to English/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Policy measures');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Policy measures');
});

test('the language switch works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/measures?category=ip');
  await page.getByRole('link', { name: /Switch to Chinese/ }).click();
  await expect(page).toHaveURL(/\/measures\?category=ip$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策措施');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await context.close();
});
