import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const pages = [
  { name: 'home', path: '/' },
  { name: 'not found', path: '/no-such-page' },
];

for (const { name, path } of pages) {
  test(`${name} page has no axe-core violations`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
