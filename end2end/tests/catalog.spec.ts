import { expect, test, type Page } from '@playwright/test';
import { CatalogPage, hydrated } from './fixtures/catalog-page';

const categories = ['talent', 'finance', 'ip', 'platforms'];

test.describe('catalog', () => {
  for (const category of categories) {
    test(`browsing the ${category} category shows only that category`, async ({ page }) => {
      const catalog = new CatalogPage(page);
      await page.goto('/');
      await page.locator(`a[href="/measures?category=${category}"]`).click();
      await expect(page).toHaveURL(new RegExp(`category=${category}`));
      await expect(catalog.cards.first()).toBeVisible();
      const shown = await catalog.cards.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-category')));
      expect(shown.length).toBeGreaterThan(0);
      expect(new Set(shown)).toEqual(new Set([category]));
    });
  }

  test('category pages redirect to the filtered catalog', async ({ page }) => {
    await page.goto('/categories/ip');
    await expect(page).toHaveURL(/\/measures\?category=ip/);
    await expect(page.getByLabel('Category', { exact: true })).toHaveValue('ip');
  });

  async function searchAndOpenLitigation(page: Page) {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search the measures' }).fill('litigation');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/measures\?q=litigation/);
    const link = page.getByRole('link', { name: 'Subsidy for IP litigation costs after a successful dispute' });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(/\/measures\/nwf-2020-1\.ip-litigation-subsidy$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subsidy for IP litigation costs after a successful dispute');
    const figures = page.getByTestId('figures');
    await expect(figures).toContainText('Rate');
    await expect(figures).toContainText('50%');
    await expect(figures).toContainText('Cap');
    await expect(figures).toContainText('500,000 yuan');
    await expect(page.getByTestId('citation')).toContainText('nwf-2020-1, item 17');
    await expect(page.getByTestId('quote')).toContainText('50% of litigation costs and up to 500,000 yuan');
    // What an application must include: the general list, traced to the measure's own facts.
    const materials = page.getByTestId('materials').getByRole('listitem');
    await expect(materials.first()).toHaveText('Business licence or registration certificate (copy)');
    await expect(materials.nth(1)).toContainText('Evidence of ');
  }

  test('search finds the IP litigation subsidy with its rate, cap and citation', async ({ page }) => {
    await page.goto('/');
    await hydrated(page);
    await searchAndOpenLitigation(page);
  });

  test('the same journey works without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await searchAndOpenLitigation(page);
    await context.close();
  });

  test('filters live in the URL and update the list without a full reload', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await hydrated(page);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByText('Filters and sorting').click();
    await catalog.filter('Category').selectOption('finance');
    await catalog.filter('Sort by').selectOption('amount');
    await catalog.apply();
    await expect(page).toHaveURL(/category=finance/);
    await expect(page).toHaveURL(/sort=amount/);
    await expect(catalog.cards.first()).toHaveAttribute('data-category', 'finance');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    // The bookmarked URL shows the same list in a fresh page.
    const ids = await catalog.ids();
    await page.goto(page.url());
    expect(await catalog.ids()).toEqual(ids);
  });

  test('an unknown filter value gets a clear message', async ({ page }) => {
    await page.goto('/measures?category=cheese');
    await expect(page.getByRole('alert')).toContainText('"cheese" is not a known category');
  });

  test('pages through the whole catalog', async ({ page }) => {
    const catalog = new CatalogPage(page);
    await catalog.goto();
    await expect(catalog.cards).toHaveCount(20);
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
  });

  test('the API returns the same measures as the page for the same filters', async ({ page, request }) => {
    const catalog = new CatalogPage(page);
    for (const query of ['category=ip&sort=amount', 'q=housing', 'beneficiary=individual&monetary=yes', 'doc=jingan-2018&page=1']) {
      await catalog.goto(query);
      const onPage = await catalog.ids();
      // Two empty lists would agree too: each query must find something.
      expect(onPage.length, query).toBeGreaterThan(0);
      const response = await request.get(`/api/v1/measures?${query}`);
      expect(response.ok()).toBeTruthy();
      const body = await response.json();
      expect(body.measures.map((m: { id: string }) => m.id)).toEqual(onPage);
      await expect(catalog.resultCount).toContainText(`${body.total} measures found`);
    }
  });

  test('the API describes itself and refuses bad input with structured errors', async ({ request }) => {
    const doc = await (await request.get('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/measures', '/api/v1/measures/{id}']));
    const bad = await request.get('/api/v1/measures?category=cheese&sort=weird');
    expect(bad.status()).toBe(422);
    const body = await bad.json();
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['category', 'sort']);
    const malformed = await request.get('/api/v1/measures?page=abc');
    expect(malformed.status()).toBe(422);
    const missing = await request.get('/api/v1/measures/no-such-measure');
    expect(missing.status()).toBe(404);
    const one = await (await request.get('/api/v1/measures/nwf-2020-1.ip-litigation-subsidy')).json();
    expect(one.summary.benefit).toBe('50% of litigation costs of the IP dispute, up to 500,000 yuan');
  });
});
