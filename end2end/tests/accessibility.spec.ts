import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { hydrated } from './fixtures/catalog-page';

const pages = [
  { name: 'home', path: '/' },
  { name: 'catalog', path: '/measures' },
  { name: 'filtered catalog', path: '/measures?category=ip&q=patent' },
  { name: 'measure', path: '/measures/nwf-2020-1.ip-litigation-subsidy' },
  { name: 'not found', path: '/no-such-page' },
  { name: 'updates', path: '/updates' },
];

for (const { name, path } of pages) {
  test(`${name} page has no axe-core violations and fits 360 px`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await testInfo.attach(`${name} at 360 px`, {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    });
  });
}
