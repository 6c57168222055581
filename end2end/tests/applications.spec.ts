import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { hydrated } from './fixtures/catalog-page';
import { signIn } from './fixtures/staff';
import { IN_NANJING, Wizard } from './fixtures/wizard';

// The whole application journey: an enterprise assesses, applies for the IP litigation
// subsidy with one material missing, the acceptance window accepts it conditionally with a
// deadline, the applicant adds the missing file, the window approves an amount, and the
// applicant sees the decision. Once in English, once in Chinese, once without JavaScript on
// the applicant's side.

const MEASURE = 'nwf-2020-1.ip-litigation-subsidy';
const LICENCE = 'Business licence or registration certificate (copy)';
const COSTS = 'Evidence of Litigation costs of the IP dispute';
// A valid unified social credit code (GB 32100-2015 check digit).
const CODE = '91350100M000100Y43';

const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
});

async function toChinese(context: BrowserContext, baseURL: string) {
  await context.addCookies([{ name: 'policy_lang', value: 'zh', url: baseURL }]);
}

/** The wizard for the worked example "Settled with 300,000 of costs: 150,000". */
async function assess(page: Page, js: boolean) {
  const w = new Wizard(page);
  await w.start(`?measure=${MEASURE}`);
  if (js) await hydrated(page);
  await w.first('enterprise');
  await w.answer([
    { yes: IN_NANJING },
    { q: "How did the applicant's intellectual property dispute end?", choose: 'settled' },
    { q: /How much did the IP dispute cost/, fill: '300000' },
  ]);
  await w.results();
  return w.item(MEASURE);
}

async function upload(page: Page, material: string, name: string) {
  await page.locator('#material').selectOption(material);
  await page.locator('#file').setInputFiles(pdf(name));
  await page.getByTestId('upload-button').click();
  await expect(page.getByTestId('app-flash')).toHaveAttribute('role', 'status');
}

async function stage(page: Page, slug: string) {
  await expect(page.getByTestId('stage').first()).toHaveAttribute('data-stage', slug);
}

/** The reviewer opens the application of `applicant` from the queue. */
async function openInWindow(page: Page, applicant: string) {
  await page.goto(`/staff/applications?q=${encodeURIComponent(applicant)}`);
  const row = page.getByTestId('queue-row').filter({ hasText: applicant });
  await expect(row).toHaveCount(1);
  await row.getByRole('link').first().click();
  await expect(page.getByTestId('window-applicant')).toHaveText(applicant);
  await hydrated(page);
}

async function journey(browser: Browser, baseURL: string, opts: { zh: boolean; js: boolean }) {
  const applicant = `E2E ${opts.zh ? 'Zh' : 'En'} ${opts.js ? 'Js' : 'NoJs'} Tech Co., Ltd. ${Date.now()}`;
  const mine = await browser.newContext({ javaScriptEnabled: opts.js });
  const page = await mine.newPage();
  const item = await assess(page, opts.js);
  if (opts.zh) {
    // As the header's language link does: the cookie, then the page again.
    await toChinese(mine, baseURL);
    await page.reload();
    if (opts.js) await hydrated(page);
  }

  // Apply from the result: the form shows the estimate and the answers.
  await item.getByTestId('apply-link').click();
  await expect(page.getByTestId('apply-estimate')).toHaveText('150,000 yuan');
  await expect(page.getByTestId('apply-materials')).toContainText(COSTS);
  if (opts.zh) await expect(page.getByRole('button', { name: '保存草稿并继续' })).toBeVisible();
  await page.locator('#applicant_name').fill(applicant);
  await page.locator('#credit_code').fill(CODE);
  await page.locator('#contact_email').fill('chen@example.cn');
  await page.getByTestId('apply-start').click();
  await stage(page, 'draft');
  await expect(page.getByTestId('app-link')).toBeVisible();
  const link = new URL(page.url()).pathname;

  // Every material but the evidence of the costs, then submit.
  await upload(page, LICENCE, 'licence.pdf');
  await upload(page, 'Evidence of Outcome of the IP dispute', 'settlement.pdf');
  await page.getByTestId('app-submit').click();
  await stage(page, 'submitted');
  await expect(page.getByTestId('app-flash')).toBeVisible();

  // The window accepts it on condition of the missing evidence, with a deadline.
  const staff = await browser.newContext();
  if (opts.zh) await toChinese(staff, baseURL);
  const desk = await staff.newPage();
  await signIn(desk, 'reviewer');
  await openInWindow(desk, applicant);
  await expect(desk.getByTestId('window-estimate')).toHaveText('150,000 yuan');
  const form = desk.getByTestId('form-accept-conditionally');
  await expect(form.locator('textarea[name=missing]')).toHaveValue(new RegExp(COSTS));
  await form.locator('textarea[name=missing]').fill(COSTS);
  await form.locator('textarea[name=message]').fill('Please add the lawyers\' invoices.');
  const deadline = await form.locator('input[type=date]').inputValue();
  await desk.getByTestId('move-accept_conditionally').click();
  await stage(desk, 'conditionally_accepted');
  if (opts.zh) await expect(desk.getByTestId('stage').first()).toHaveText('容缺受理');

  // The applicant sees what is missing and by when, and adds it: the application goes on.
  await page.goto(link);
  await stage(page, 'conditionally_accepted');
  await expect(page.getByTestId('app-missing')).toContainText(COSTS);
  await expect(page.getByTestId('app-missing')).toContainText(deadline);
  await expect(page.getByTestId('app-events')).toContainText("Please add the lawyers' invoices.");
  if (opts.zh) await expect(page.getByTestId('app-missing')).toContainText('前补充以下材料');
  await upload(page, COSTS, 'invoices.pdf');
  await stage(page, 'accepted');

  // The window approves 150,000 yuan; the applicant sees the decision.
  await desk.reload();
  await hydrated(desk);
  await stage(desk, 'accepted');
  await desk.getByTestId('form-approve').locator('input[name=amount]').fill('150000');
  await desk.getByTestId('move-approve').click();
  await stage(desk, 'approved');
  await page.goto(link);
  await stage(page, 'approved');
  await expect(page.getByTestId('app-granted')).toHaveText('150,000 yuan');
  if (opts.zh) await expect(page.getByTestId('stage')).toHaveText('已批准');
  await expect(page.getByTestId('app-events')).toContainText('150,000');
  await mine.close();
  await staff.close();
}

test.describe('applying online', () => {
  // Each journey drives two browser contexts through about twenty pages; on a 2-core machine
  // with two workers that takes 25-35 s, over Playwright's default 30 s.
  test.describe.configure({ timeout: 90_000 });

  test('an enterprise applies, is accepted conditionally, completes and is approved', async ({ browser, baseURL }) => {
    await journey(browser, baseURL!, { zh: false, js: true });
  });

  test('the same journey in Chinese', async ({ browser, baseURL }) => {
    await journey(browser, baseURL!, { zh: true, js: true });
  });

  test("the applicant's side works without JavaScript", async ({ browser, baseURL }) => {
    await journey(browser, baseURL!, { zh: false, js: false });
  });

  test('refused uploads and fields say why, next to the field', async ({ page }) => {
    await assess(page, true);
    await new Wizard(page).item(MEASURE).getByTestId('apply-link').click();
    await page.locator('#applicant_name').fill('E2E Refusals Co.');
    await page.locator('#credit_code').fill('91350100M000100Y44');
    await page.getByTestId('apply-start').click();
    await expect(page.getByTestId('error-credit_code')).toContainText('check digit');
    await expect(page.locator('#credit_code')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#applicant_name')).toHaveValue('E2E Refusals Co.');
    await page.locator('#credit_code').fill(CODE);
    await page.getByTestId('apply-start').click();
    await stage(page, 'draft');
    // A PNG named .pdf.
    await page.locator('#material').selectOption(LICENCE);
    await page.locator('#file').setInputFiles({
      name: 'licence.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    });
    await page.getByTestId('upload-button').click();
    await expect(page.getByTestId('app-flash')).toHaveText("The file's content does not match its name or type.");
    await expect(page.getByTestId('app-flash')).toHaveAttribute('role', 'alert');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });

  test('the window pages have no axe-core violations and refuse a catalog editor', async ({ page }) => {
    await signIn(page, 'reviewer');
    await page.goto('/staff/applications');
    await expect(page.getByRole('heading', { level: 1, name: 'Acceptance window' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.goto('/staff/service-times');
    await expect(page.getByRole('heading', { level: 1, name: 'Service times' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.goto('/staff/measures');
    await expect(page.getByText('This page needs the editor role.')).toBeVisible();
  });
});
