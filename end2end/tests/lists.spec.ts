import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './fixtures/catalog-page';
import { Wizard } from './fixtures/wizard';

// Program 6 item 6 of the 2014 Eight Programs: "the maximum compensation ratio for a single
// venture capital project is 30% of the project's investment loss, capped at RMB 1 million.
// Total compensation payable to each individual venture capital enterprise is capped at RMB 3
// million per annum."
const VC = 'nj-2014-eight-programs.if-vc-risk-compensation';
const CITATION = '(nj-2014-eight-programs, Program 6 (Investment and Financing), item 6)';

/** The largest figure in a money text ("up to 3,000,000 yuan" -> 3000000). */
function high(text: string | null): number {
  const figures = (text ?? '').match(/[\d,]+/g) ?? [];
  return Math.max(...figures.map((f) => Number(f.replace(/,/g, ''))));
}

/**
 * An investor lists four loss-making projects (losses 5,000,000 / 2,000,000 / 400万 /
 * 3,000,000), sees one trace line per project and the yearly cap, then removes the fourth.
 * By hand: per project up to 1,000,000 (30% of 5,000,000 = 1,500,000, capped) + 600,000 +
 * 1,000,000 (30% of 4,000,000 = 1,200,000, capped) + 900,000 = 3,500,000, capped at
 * 3,000,000 a year; without the fourth, 2,600,000, under the cap.
 */
async function investorWithFourProjects(page: Page, js: boolean) {
  const w = new Wizard(page);
  await w.start(`?measure=${VC}`);
  if (js) await hydrated(page);
  await w.first('investor');
  // The condition first, then the projects the formula counts.
  await w.answer([{ yes: /social venture capital institution/ }]);
  for (let i = 0; i < 6 && !(await page.getByTestId('list-vc_loss_projects').isVisible()); i++) await w.goNext();
  const losses = ['5000000', '2,000,000', '400万', '3000000'];
  for (let i = 0; i < losses.length; i++) {
    if (i > 0) await w.addEntry('project', `Project ${i + 1}`);
    const entry = w.entry(`Project ${i + 1}`);
    await entry.getByLabel(/actual investment loss on this project/).fill(losses[i]);
    await entry.getByRole('group', { name: /When the investor invested in this project/ }).getByLabel('Yes', { exact: true }).check();
  }
  await expect(page.getByTestId('entry-count')).toHaveText('Entries listed: 4');
  // What was typed is kept across the additions, and 400万 is read as 4,000,000.
  await expect(w.entry('Project 2').getByLabel(/actual investment loss/)).toHaveValue('2,000,000');
  const resume = await page.getByTestId('resume-link').getAttribute('href');

  await w.toReview();
  await expect(page.getByText('project 3', { exact: true })).toBeVisible();
  await expect(page.getByText(/Actual investment loss on the project: 4,000,000 yuan/)).toBeVisible();
  await w.results();
  const item = w.item(VC);
  await expect(item.getByTestId('result-amount')).toHaveText('up to 3,000,000 yuan');
  await item.getByText('How this was calculated').click();
  const trace = item.getByTestId('trace');
  await expect(trace).toContainText(`project 1: 0% to 30% x 5,000,000 = 0 to 1,500,000, capped at 1,000,000: up to 1,000,000 yuan => up to 1,000,000 yuan ${CITATION}`);
  await expect(trace).toContainText('project 2: 0% to 30% x 2,000,000 = 0 to 600,000, within the cap of 1,000,000 => up to 600,000 yuan');
  await expect(trace).toContainText('project 3: 0% to 30% x 4,000,000 = 0 to 1,200,000, capped at 1,000,000');
  await expect(trace).toContainText('project 4: 0% to 30% x 3,000,000 = 0 to 900,000');
  await expect(trace).toContainText('4 projects together: up to 3,500,000 yuan');
  await expect(trace).toContainText(`capped at 3,000,000 for all projects together: up to 3,500,000 yuan -> up to 3,000,000 yuan ${CITATION}`);
  const totalBefore = high(await page.getByTestId('total').textContent());

  // Remove the fourth project: the amount and the total drop by 400,000.
  // The list is answered, so the next questions no longer show it: change it in its part.
  await page.goto(resume!.replace(/\/next(\?.*)?$/, '/rd_investment'));
  if (js) await hydrated(page);
  await w.removeEntry('project 4', 3);
  await expect(w.entry('Project 4')).toHaveCount(0);
  await w.results();
  await expect(item.getByTestId('result-amount')).toHaveText('up to 2,600,000 yuan');
  await item.getByText('How this was calculated').click();
  await expect(trace).toContainText('3 projects together: up to 2,600,000 yuan');
  await expect(trace).toContainText('within the cap of 3,000,000 for all projects together');
  expect(high(await page.getByTestId('total').textContent())).toBe(totalBefore - 400_000);
}

test.describe('repeated items', () => {
  // Four entries added one by one, each a round trip without JavaScript: longer than 30 s on a
  // busy 2-core machine.
  test.describe.configure({ timeout: 90_000 });

  test('an investor lists four loss-making projects, with JavaScript', async ({ page }) => {
    await investorWithFourProjects(page, true);
  });

  test('an investor lists four loss-making projects, without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await investorWithFourProjects(page, false);
    await context.close();
  });

  test('the API takes lists and names the entry and field of a bad one', async ({ request }) => {
    const projects = [
      { loss_cny: 5000000, startup_stage_when_invested: true },
      { loss_cny: '200万', startup_stage_when_invested: true },
      { loss_cny: '4,000,000', startup_stage_when_invested: true },
      { loss_cny: 3000000, startup_stage_when_invested: true },
    ];
    const ok = await request.post('/api/v1/assess', {
      data: { facts: { applicant_kind: 'investor', investor_is_social_venture_capital: true, vc_loss_projects: projects } },
    });
    expect(ok.status()).toBe(200);
    const outcome = (await ok.json()).outcomes.find((o: { measure_id: string }) => o.measure_id === VC);
    expect(outcome.verdict).toBe('eligible');
    expect(outcome.counted).toEqual({ low: 0, high: 3000000 });
    expect(outcome.trace.filter((l: string) => /^project \d: /.test(l))).toHaveLength(4);

    const bad = await request.post('/api/v1/assess', {
      data: { facts: { applicant_kind: 'investor', vc_loss_projects: [projects[0], { loss_cny: -1, startup_stage_when_invested: true }] } },
    });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).errors).toEqual([
      { field: 'vc_loss_projects[1].loss_cny', message: 'project 2, Actual investment loss on the project: Must be at least 0.' },
    ]);
    const facts = await (await request.get('/api/v1/facts')).json();
    expect(facts.find((f: { name: string }) => f.name === 'vc_loss_projects')).toMatchObject({ type: 'list', item_label: 'project' });
  });
});
