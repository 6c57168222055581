import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { hydrated } from './fixtures/catalog-page';
import { highTechSme, IN_NANJING, RD_TOPIC, Wizard } from './fixtures/wizard';

const RD_REWARD = 'nwf-2019-1.provincial-high-tech-collection-rd-reward';

test.describe('eligibility wizard', () => {
  test('a high-tech SME with 4,000,000 of R&D gets the 400,000 reward', async ({ page }) => {
    await page.goto('/wizard');
    await hydrated(page);
    const w = new Wizard(page);
    await highTechSme(w);
    await expect(w.item(RD_REWARD).getByTestId('result-amount')).toHaveText('400,000 yuan');
    await w.item(RD_REWARD).getByText('How this was calculated').click();
    await expect(w.item(RD_REWARD).getByTestId('trace')).toContainText('10% x 4,000,000 = 400,000 (nwf-2019-1, item 1)');
  });

  test('the same journey works without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const w = new Wizard(page);
    await highTechSme(w);
    await expect(w.item(RD_REWARD).getByTestId('result-amount')).toHaveText('400,000 yuan');
    await context.close();
  });

  test('a PhD starting a company in Nanjing gets the 2,000 yuan a month housing subsidy', async ({ page }) => {
    const w = new Wizard(page);
    await w.start();
    await hydrated(page);
    await w.first('individual', ['Recruiting talent, talent programmes and housing']);
    await w.answer([
      { yes: IN_NANJING },
      { q: "What is the applicant's highest degree?", choose: 'doctorate' },
      { yes: /starting \(or running\) a business in Nanjing/ },
    ]);
    await w.results();
    await expect(w.item('nwf-2019-1.doctoral-talent-housing-subsidy').getByTestId('result-amount')).toHaveText('2,000 yuan a month');
    await expect(page.getByTestId('monthly-total')).toContainText('2,000 yuan a month');
  });

  test('an enterprise that won an IP dispute with 1,200,000 of costs gets 500,000', async ({ page }) => {
    const w = new Wizard(page);
    await w.start('?measure=nwf-2020-1.ip-litigation-subsidy');
    await hydrated(page);
    await expect(page.getByText('Checking eligibility for: Subsidy for IP litigation costs')).toBeVisible();
    // About one measure: no topics to tick.
    await expect(page.getByText('What would you like support for?')).toHaveCount(0);
    await w.first('enterprise');
    await w.answer([
      { yes: IN_NANJING },
      { q: "How did the applicant's intellectual property dispute end?", choose: 'won' },
      { q: /How much did the IP dispute cost/, fill: '1200000' },
    ]);
    await w.results();
    const item = w.item('nwf-2020-1.ip-litigation-subsidy');
    await expect(item.getByTestId('result-amount')).toHaveText('500,000 yuan');
    await item.getByText('How this was calculated').click();
    await expect(item.getByTestId('trace')).toContainText('50% x 1,200,000 = 600,000');
    await expect(item.getByTestId('trace')).toContainText('capped at 500,000');
  });

  test('the next questions say what they settle; skipping the rest shows what is open and why', async ({ page }) => {
    const w = new Wizard(page);
    await w.start();
    await hydrated(page);
    await w.first('enterprise', ['Patents and IP disputes']);
    await expect(page.getByRole('heading', { level: 2, name: 'The questions that settle most' })).toBeVisible();
    await expect(page.getByTestId('wizard-status')).toContainText('measures still open');
    const hints = page.getByTestId('settles');
    expect(await hints.count()).toBeGreaterThan(0);
    expect(await hints.count()).toBeLessThanOrEqual(4);
    await expect(hints.first()).toHaveText(/^(Answering this settles \d+ measure\(s\)( worth up to [\d,]+ yuan)?\.|This answer matters to \d+ measure\(s\) still open\.)$/);
    // The hint is read with its question.
    const described = await page.locator('[aria-describedby*="settles-"]').count();
    expect(described).toBe(await hints.count());
    await w.answer([{ yes: IN_NANJING }]);
    await page.getByRole('button', { name: 'Skip the rest, show what you have' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your results' })).toBeVisible();
    await expect(page.getByTestId('unexplored')).toContainText('measures about topics you did not tick were not explored');
    const open = page.getByTestId('pending-item');
    expect(await open.count()).toBeGreaterThan(0);
    // Each open measure names at most two deciding answers (and how many more).
    for (const item of (await open.all()).slice(0, 5)) {
      expect(await item.locator('li').filter({ hasNotText: /more answer/ }).count()).toBeLessThanOrEqual(2);
    }
  });

  test('bad answers get messages next to the field and in a summary; nothing valid is lost', async ({ page }) => {
    const w = new Wizard(page);
    await w.start();
    await hydrated(page);
    await w.next.click();
    const summary = page.getByTestId('error-summary');
    await expect(summary).toContainText('Who is applying? Answer this question.');
    await expect(page.getByTestId('field-error')).toHaveText('Answer this question.');
    await w.first('enterprise');
    // Changing the answers of one part at a time: the company, then R&D and investment.
    const session = page.url().split('/')[4];
    await page.goto(`/wizard/${session}/company`);
    await hydrated(page);
    await w.yes(/technology-based small or medium-sized enterprise/);
    await w.goNext();
    await page.goto(`/wizard/${session}/rd_investment`);
    await hydrated(page);
    await w.fill(/R&D expenses last year/, '-5');
    await w.fill(/contribution to local economic development/, 'abc');
    await w.fill(/venture capital or angel investment/, '2000000');
    await w.next.click();
    await expect(summary).toBeVisible();
    await expect(summary).toContainText('Must be at least 0.');
    await expect(summary).toContainText('Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万.');
    await expect(page.getByTestId('field-error')).toHaveCount(2);
    // The typed text is kept, valid and invalid alike.
    await expect(page.getByLabel(/R&D expenses last year/)).toHaveValue('-5');
    await expect(page.getByLabel(/contribution to local economic development/)).toHaveValue('abc');
    await expect(page.getByLabel(/venture capital or angel investment/)).toHaveValue('2000000');
    // The summary links to the field.
    await summary.getByRole('link', { name: /R&D expenses/ }).click();
    await expect(page).toHaveURL(/#field-rd_expense_last_year_cny/);
    // Fix, go back and forth: every valid answer survives.
    await w.fill(/R&D expenses last year/, '4000000');
    await w.fill(/contribution to local economic development/, '');
    await w.goNext();
    await page.goto(`/wizard/${session}/company`);
    await expect(page.getByRole('group', { name: /technology-based small or medium-sized enterprise/ }).getByLabel('Yes', { exact: true })).toBeChecked();
    await page.goto(`/wizard/${session}/rd_investment`);
    await expect(page.getByLabel(/R&D expenses last year/)).toHaveValue('4000000');
    await expect(page.getByLabel(/venture capital or angel investment/)).toHaveValue('2000000');
    // The resumable link brings the answers back in a new visit.
    const resume = await page.getByTestId('resume-link').getAttribute('href');
    const other = await page.context().newPage();
    await other.goto(resume!);
    await expect(other.getByLabel(/R&D expenses last year/)).toHaveValue('4000000');
    await other.close();
  });

  test('an amount written as 400万 is understood as 4,000,000 and said so under the field', async ({ page }) => {
    const w = new Wizard(page);
    await w.start();
    await hydrated(page);
    await w.first('enterprise', [RD_TOPIC]);
    await w.answer([
      { yes: IN_NANJING },
      { yes: /technology-based small or medium-sized enterprise/ },
      { yes: /provincial collection of high-tech and new-tech enterprises/ },
      { q: /R&D expenses last year/, fill: '400万' },
    ]);
    await w.toReview();
    await expect(page.getByText('4,000,000 yuan')).toBeVisible();
    // Back on its part, the field keeps what was typed and says what it was understood as.
    await page.getByRole('link', { name: 'Change R&D and investment' }).click();
    const field = page.getByLabel(/R&D expenses last year/);
    await expect(field).toHaveValue('400万');
    await expect(page.getByTestId('field-understood')).toHaveText('Understood as 4,000,000 yuan.');
    await expect(field).toHaveAttribute('aria-describedby', /understood-rd_expense_last_year_cny/);
    await w.results();
    await expect(w.item(RD_REWARD).getByTestId('result-amount')).toHaveText('400,000 yuan');
  });

  test('the result link reopens the same result after a reload', async ({ page }) => {
    const w = new Wizard(page);
    await page.goto('/wizard');
    await hydrated(page);
    await highTechSme(w);
    const url = page.url();
    expect(url).toMatch(/\/results\/[0-9a-f]{32}$/);
    const total = await page.getByTestId('total').textContent();
    await page.reload();
    await expect(page.getByTestId('total')).toHaveText(total!);
    const id = url.split('/').pop();
    const json = await (await page.request.get(`/api/v1/results/${id}`)).json();
    expect(json.total).toBe(total);
    const download = await page.request.get(`/api/v1/results/${id}/csv`);
    expect(download.headers()['content-type']).toContain('text/csv');
    const lines = (await download.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('"category","measure_id","title","amount","counted","citation","calculation","catalog_version"');
    const version = json.catalog_version as string;
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    // Every cell quoted; the reward's row carries its amount and its measure; the last row is
    // the total the page shows.
    const reward = lines.find((l) => l.includes(`"${RD_REWARD}"`));
    expect(reward).toBeDefined();
    expect(reward).toContain('"400,000 yuan"');
    expect(reward!.startsWith('"')).toBe(true);
    expect(lines[lines.length - 1]).toBe(`"Total","","","${total}","","","","${version}"`);
  });

  test('an entrepreneur reports the award actually granted; a bad amount gets a message', async ({ page }) => {
    const w = new Wizard(page);
    await page.goto('/wizard');
    await hydrated(page);
    await highTechSme(w);
    const form = w.item(RD_REWARD).getByTestId('report-award');
    await form.getByText('My actual award differed').click();
    await form.getByLabel('Amount actually granted (yuan)').fill('a lot');
    await form.getByRole('button', { name: 'Send to the policy office' }).click();
    await expect(form.getByTestId('report-error')).toContainText('Enter an amount in whole yuan');
    await form.getByLabel('Amount actually granted (yuan)').fill('30万');
    await form.getByLabel('Comment (optional)').fill('Granted 300,000 after review');
    await form.getByRole('button', { name: 'Send to the policy office' }).click();
    await expect(form.getByTestId('report-sent')).toContainText('never shown publicly');
  });

  test('a result link only reads: starting again from its answers makes a new wizard', async ({ page }) => {
    const w = new Wizard(page);
    await page.goto('/wizard');
    await hydrated(page);
    await highTechSme(w);
    const resultUrl = page.url();
    const total = await page.getByTestId('total').textContent();
    await hydrated(page);
    await page.getByTestId('result-restart').click();
    await expect(page).toHaveURL(/\/wizard\/[0-9a-f]{32}\/review$/);
    await expect(page.getByRole('heading', { name: 'Review your answers' })).toBeVisible();
    await expect(page.getByText(/4,000,000/).first()).toBeVisible();
    const fresh = page.url().split('/')[4];
    // The stored result is as it was, and names no wizard to edit.
    await page.goto(resultUrl);
    await expect(page.getByTestId('total')).toHaveText(total!);
    const html = await page.content();
    expect(html).not.toContain(fresh);
    expect(html).not.toMatch(/\/wizard\/[0-9a-f]{32}\//);
  });

  test('the wizard and the results work at a phone\'s width, in Chinese', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto('/lang/zh?next=/wizard');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await hydrated(page);
    const fits = async () => {
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scroll, page.url()).toBeLessThanOrEqual(width);
    };
    await fits();
    await page.locator('select[name="answers[applicant_kind]"]').selectOption('enterprise');
    await page.getByLabel('专利与知识产权纠纷', { exact: true }).check();
    for (let i = 0; i < 40; i++) {
      if (await page.getByRole('heading', { name: '核对您的回答' }).isVisible()) break;
      if (await page.getByTestId('no-more-questions').isVisible()) {
        await page.getByRole('button', { name: '核对回答' }).click();
        continue;
      }
      const before = page.url();
      await page.getByRole('button', { name: '下一步' }).click();
      await expect(page).not.toHaveURL(before);
      await fits();
    }
    await expect(page.getByRole('heading', { name: '核对您的回答' })).toBeVisible();
    await page.getByRole('button', { name: '查看结果' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '您的结果' })).toBeVisible();
    await expect(page.getByTestId('total')).toBeVisible();
    await fits();
    await hydrated(page);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });

  test('POST /api/v1/assess returns the same amounts as the page, and 422 for bad input', async ({ page, request }) => {
    const w = new Wizard(page);
    await highTechSme(w);
    const shown = await w.item(RD_REWARD).getByTestId('result-amount').textContent();
    const total = await page.getByTestId('total').textContent();
    const response = await request.post('/api/v1/assess', {
      data: {
        facts: {
          applicant_kind: 'enterprise',
          located_in_nanjing: true,
          is_tech_sme: true,
          in_provincial_high_tech_collection: true,
          rd_expense_last_year_cny: 4000000,
        },
      },
    });
    expect(response.status()).toBe(200);
    const body = await response.json();
    const outcome = body.outcomes.find((o: { measure_id: string }) => o.measure_id === RD_REWARD);
    expect(outcome.verdict).toBe('eligible');
    expect(outcome.counted).toEqual({ low: 400000, high: 400000 });
    expect(outcome.doc).toBe('nwf-2019-1');
    expect(outcome.item).toBe('1');
    expect(shown).toBe('400,000 yuan');
    expect(total).toBe(`${body.total.low.toLocaleString('en-US')} yuan`);

    const malformed = await request.post('/api/v1/assess', { headers: { 'content-type': 'application/json' }, data: '{"facts":' });
    expect(malformed.status()).toBe(422);
    const unknown = await request.post('/api/v1/assess', { data: { facts: { no_such_fact: 1 } } });
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).errors[0]).toEqual({ field: 'no_such_fact', message: expect.stringContaining('unknown fact') });
    const written = await request.post('/api/v1/assess', { data: { facts: { applicant_kind: 'enterprise', located_in_nanjing: true, is_tech_sme: true, in_provincial_high_tech_collection: true, rd_expense_last_year_cny: '400万' } } });
    expect(written.status()).toBe(200);
    expect((await written.json()).outcomes.find((o: { measure_id: string }) => o.measure_id === RD_REWARD).counted).toEqual({ low: 400000, high: 400000 });
    const range = await request.post('/api/v1/assess', { data: { facts: { rd_expense_last_year_cny: -5, applicant_kind: 'robot' } } });
    expect(range.status()).toBe(422);
    expect((await range.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual(['applicant_kind', 'rd_expense_last_year_cny']);
    const facts = await (await request.get('/api/v1/facts')).json();
    expect(facts.find((f: { name: string }) => f.name === 'rd_expense_last_year_cny')).toMatchObject({ type: 'money', min: 0, step: 'rd_investment' });
  });

  test('every wizard step and the results page have no axe-core violations', async ({ page }) => {
    test.slow(); // axe-core on every step and the results page
    const w = new Wizard(page);
    const check = async () => {
      await hydrated(page);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${page.url()} ${v.id}: ${v.help}`)).toEqual([]);
    };
    await w.start();
    await check();
    await w.next.click();
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await check();
    await w.choose('Who is applying?', 'enterprise');
    await page.getByLabel(RD_TOPIC, { exact: true }).check();
    for (let i = 0; i < 40; i++) {
      if (await w.reviewHeading().isVisible()) break;
      if (await page.getByTestId('no-more-questions').isVisible()) {
        await check();
        await page.getByRole('button', { name: 'Review answers' }).click();
        continue;
      }
      await w.goNext();
      await check();
    }
    await expect(w.reviewHeading()).toBeVisible();
    await check();
    await page.getByRole('button', { name: 'See my results' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your results' })).toBeVisible();
    await check();
  });
});
