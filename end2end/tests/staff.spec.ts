import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MeasureEditor, signIn, STAFF } from './fixtures/staff';
import { IN_NANJING, Wizard } from './fixtures/wizard';
import { linkIn, mailTo, waitForMail } from './fixtures/mail';

const w0 = (page: Page) => new Wizard(page);

const LITIGATION = 'nwf-2020-1.ip-litigation-subsidy';
const COST = 'ip_litigation_cost_cny';
const YEARS_RULE = 'jingan-2018.five-years-continuous-operation';

// These tests change the published catalog, so they run after every public test (see the
// `staff` project in playwright.config.ts) and one at a time.
test.describe.configure({ mode: 'serial' });

async function noAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual([]);
}

function yesterday(): string {
  // The platform's calendar is China Standard Time (UTC+8).
  const now = new Date(Date.now() + 8 * 3600_000);
  now.setUTCDate(now.getUTCDate() - 1);
  return now.toISOString().slice(0, 10);
}

test('anonymous visitors are sent to sign-in and staff calls are refused', async ({ page, request }) => {
  await page.goto('/staff/measures');
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=/);
  // From this site but signed out: 401. From another site (or saying nothing of where it
  // comes from): refused before anything else, 403.
  const origin = new URL(page.url()).origin;
  const call = await request.post('/api/staff/staff_measures', { form: {}, headers: { origin } });
  expect(call.status()).toBe(401);
  for (const headers of [{}, { origin: 'https://evil.example' }]) {
    const forged = await request.post('/api/fn/save_step', { form: { session: '', step: 'applicant', go: 'next' }, headers });
    expect(forged.status()).toBe(403);
  }
  const exported = await request.get('/api/v1/staff/export');
  expect(exported.status()).toBe(401);
});

test('an editor can save a draft but cannot publish, even with a forged request', async ({ page }) => {
  await signIn(page, 'editor');
  const editor = new MeasureEditor(page);
  await editor.open(LITIGATION);
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await expect(page.getByTestId('publisher-needed')).toBeVisible();
  // A forged publish request with the editor's own session and token is refused on the server.
  const forged = await page.evaluate(async (id) => {
    const me = await fetch('/api/fn/current_staff', { method: 'POST' }).then((r) => r.json());
    const measure = await fetch('/api/staff/load_editor', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${encodeURIComponent(id)}`,
    }).then((r) => r.json());
    const r = await fetch('/api/staff/publish_measure', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        csrf: me.csrf,
        measure: measure.measure,
        lock_version: measure.lock_version,
        is_new: false,
        effective_from: '',
        note: 'forged',
      }),
    });
    return { status: r.status, body: await r.text() };
  }, LITIGATION);
  expect(forged.status).toBe(403);
  expect(forged.body).toContain('role does not allow');
});

test('a publisher raises the litigation cap to 600,000; today shows it, the day before does not', async ({ page, request }) => {
  // A result stored before the change: 50% of 1,400,000 is 700,000, capped at 500,000.
  const stored = await request.post('/api/v1/results', {
    data: { facts: { applicant_kind: 'enterprise', located_in_nanjing: true, ip_dispute_outcome: 'won', ip_litigation_cost_cny: 1400000 } },
  });
  expect(stored.status()).toBe(201);
  const oldResult = (await stored.json()).page as string;
  await signIn(page, 'publisher');
  const editor = new MeasureEditor(page);
  await editor.open(LITIGATION);
  await editor.set('Cap (yuan)', '600000');
  // The worked examples with costs above 1,000,000 (1,200,000 and 1,500,000: 50% is 600,000
  // and 750,000) now fail until their amounts are updated to the new cap.
  await expect(page.getByTestId('example-check').first()).toContainText('Fails');
  await page.getByTestId('example-0').getByLabel('Exact amount (yuan)').fill('600000');
  await expect(page.getByTestId('example-check').first()).toContainText('Passes');
  await page.getByTestId('example-5').getByLabel('Exact amount (yuan)').fill('600000');
  await expect(page.getByTestId('example-check').nth(5)).toContainText('Passes');
  await page.getByLabel('Note for the version history').fill('Cap raised to 600,000');
  // Before publishing, the impact over the stored answers: the result stored above (1,400,000
  // of costs) is among those whose amount changes; every change is from the old cap up.
  await page.getByRole('button', { name: 'Preview the impact' }).click();
  const impact = page.getByTestId('impact');
  await expect(impact).toContainText('stored answers');
  expect(Number(await impact.getByTestId('impact-changed').textContent())).toBeGreaterThan(0);
  await expect(impact.getByTestId('impact-example').first()).toHaveAttribute('data-kind', 'amount');
  await expect(impact.getByTestId('impact-example').first()).toContainText('500,000 yuan →');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.notice()).toContainText('Published as version 2');
  await expect(editor.notice().getByRole('link', { name: 'Write an announcement about this change' })).toBeVisible();

  // The public page shows the new cap at once.
  await page.goto(`/measures/${LITIGATION}`);
  await expect(page.getByTestId('figures')).toContainText('600,000 yuan');

  // A new assessment with 1,400,000 yuan of costs: 50% is 700,000, capped at 600,000 today...
  const facts = {
    applicant_kind: 'enterprise',
    located_in_nanjing: true,
    ip_dispute_outcome: 'won',
    ip_litigation_cost_cny: 1400000,
  };
  const today = await (await request.post('/api/v1/assess', { data: { facts } })).json();
  const now = today.outcomes.find((o: { measure_id: string }) => o.measure_id === LITIGATION);
  expect(now.benefit.amount).toEqual({ low: 600000, high: 600000 });
  // ...and at 500,000 as of the day before, when version 1 was in force.
  const before = await (await request.post('/api/v1/assess', { data: { facts, as_of: yesterday() } })).json();
  const then = before.outcomes.find((o: { measure_id: string }) => o.measure_id === LITIGATION);
  expect(then.benefit.amount).toEqual({ low: 500000, high: 500000 });

  // The same through the wizard: a new result today, and one as of the day before.
  for (const [asOf, amount] of [[undefined, '600,000 yuan'], [yesterday(), '500,000 yuan']] as const) {
    const w = new Wizard(page);
    await w.start(`?measure=${LITIGATION}`);
    await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
    await w.first('enterprise');
    await w.answer([
      { yes: IN_NANJING },
      { q: "How did the applicant's intellectual property dispute end?", choose: 'won' },
      { q: /How much did the IP dispute cost/, fill: '1400000' },
    ]);
    await w.results(asOf);
    await expect(w.item(LITIGATION).getByTestId('result-amount')).toHaveText(amount);
  }

  // The result stored before the change is as it was, and its "what changed" panel names the
  // change, with a link to the two versions' differences.
  await page.goto(oldResult);
  await expect(w0(page).item(LITIGATION).getByTestId('result-amount')).toHaveText('500,000 yuan');
  const line = page.locator(`[data-testid="change-line"][data-measure="${LITIGATION}"]`);
  await expect(line).toHaveAttribute('data-kind', 'amount');
  await expect(line).toContainText('500,000 yuan then, 600,000 yuan now');
  await expect(line.getByTestId('change-cause')).toContainText('formula.cap: 500000 → 600000 (version 1 → 2');
  await expect(page.getByTestId('catalog-version')).toContainText('catalog version');
  await line.getByRole('link', { name: 'See the change' }).click();
  await expect(page).toHaveURL(new RegExp(`/measures/${LITIGATION}\\?from=1&to=2#changes$`));
  await expect(page.getByTestId('version-changes').getByRole('row', { name: /formula\.cap/ })).toContainText('600000');
  // As of the day before, when version 1 was in force, nothing changes.
  await page.goto(`${oldResult}?as_of=${yesterday()}`);
  await expect(page.getByTestId('changes-none')).toBeVisible();

  // The version history shows both versions and a readable diff.
  await editor.open(LITIGATION);
  await expect(page.getByTestId('versions')).toContainText('Cap raised to 600,000');
  await page.getByLabel('Compare version').selectOption('1');
  await page.getByLabel('with version').selectOption('2');
  await page.getByRole('button', { name: 'Show changes' }).click();
  const diff = page.getByTestId('diff');
  await expect(diff.getByRole('row', { name: /formula\.cap/ })).toContainText('500000');
  await expect(diff.getByRole('row', { name: /formula\.cap/ })).toContainText('600000');
});

test('an entrepreneur keeps a profile; a published change reaches its page, feed and mail; reports reach reviewers', async ({ page, request, browser }) => {
  test.setTimeout(150_000);
  // A few answers, then "skip the rest": 1,500,000 of costs, 50% is 750,000, capped at
  // 600,000 (the cap the previous test published).
  const w = new Wizard(page);
  await w.start();
  await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  await w.first('enterprise', ['Patents and IP disputes']);
  await w.answer([
    { yes: IN_NANJING },
    { q: "How did the applicant's intellectual property dispute end?", choose: 'won' },
    { q: /How much did the IP dispute cost/, fill: '1500000' },
  ]);
  await page.getByRole('button', { name: 'Skip the rest, show what you have' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your results' })).toBeVisible();
  await expect(w.item(LITIGATION).getByTestId('result-amount')).toHaveText('600,000 yuan');
  // Open measures name the answers that would decide them.
  const open = page.getByTestId('pending-item');
  expect(await open.count()).toBeGreaterThan(0);
  expect(await open.first().locator('li').count()).toBeGreaterThan(0);
  const resultUrl = page.url();

  // Keep the answers as a profile.
  await page.getByLabel('Name of the profile').fill('Lawsuit 2026');
  await page.getByRole('button', { name: 'Keep as a profile' }).click();
  await expect(page.getByTestId('profile-flash')).toHaveText('Your answers are kept as a profile.');
  await expect(page.getByTestId('profile-name')).toHaveText('Lawsuit 2026');
  const profileUrl = page.url().split('?')[0];
  const token = profileUrl.split('/').pop() as string;
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  await expect(page.locator(`[data-testid="profile-measure"][data-measure="${LITIGATION}"]`)).toContainText('600,000 yuan');
  await expect(page.getByTestId('profile-no-entries')).toBeVisible();
  await noAxeViolations(page);
  // The result names the profile it was kept as.
  await page.goto(resultUrl);
  await expect(page.getByTestId('kept-as')).toContainText('Lawsuit 2026');

  // E-mail alerts: a confirmation mail first, followed from the sink.
  const email = `owner-${token.slice(0, 8)}@example.org`;
  await page.goto(profileUrl);
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(email);
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByTestId('profile-flash')).toContainText('We sent a confirmation link');
  await expect(page.getByTestId('profile-email-state')).toHaveAttribute('data-state', 'pending');
  const confirmation = await waitForMail(email, /Confirm your e-mail/);
  await page.goto(linkIn(confirmation.body, /http:\/\/\S+\/profiles\/email\/[0-9a-f]{32}\/confirm/));
  await expect(page.getByTestId('profile-flash')).toContainText('Your address is confirmed');
  await expect(page.getByTestId('profile-email-state')).toHaveAttribute('data-state', 'confirmed');

  // A publisher raises the cap to 700,000: 50% of 1,500,000 is 750,000, capped at 700,000.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, 'publisher');
  const editor = new MeasureEditor(staff);
  await editor.open(LITIGATION);
  await editor.set('Cap (yuan)', '700000');
  await staff.getByTestId('example-5').getByLabel('Exact amount (yuan)').fill('700000');
  await expect(staff.getByTestId('example-check').nth(5)).toContainText('Passes');
  await staff.getByLabel('Note for the version history').fill('Cap raised to 700,000');
  await staff.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.notice()).toContainText('Published as version 3');

  // The background job writes the profile's entry (within seconds).
  await expect
    .poll(async () => {
      await page.goto(profileUrl);
      return page.getByTestId('profile-entry').count();
    }, { timeout: 30_000 })
    .toBe(1);
  const line = page.getByTestId('profile-entry').locator(`[data-testid="change-line"][data-measure="${LITIGATION}"]`);
  await expect(line).toHaveAttribute('data-kind', 'amount');
  await expect(line).toContainText('600,000 yuan then, 700,000 yuan now');
  await expect(line.getByTestId('change-cause')).toContainText('formula.cap: 600000 → 700000 (version 2 → 3');
  await expect(page.locator(`[data-testid="profile-measure"][data-measure="${LITIGATION}"]`)).toContainText('700,000 yuan');
  await noAxeViolations(page);

  // The feed has the entry...
  const feed = await request.get(`${profileUrl}/feed.atom`);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  const xml = await feed.text();
  expect(xml).toContain('1 measure changed for');
  expect(xml).toContain('600,000 yuan -&gt; 700,000 yuan');
  // ...and so does the digest in the sink, with the link to the entry and a one-click unsubscribe.
  const digest = await waitForMail(email, /Policy changes for your profile "Lawsuit 2026": 1 measure/);
  expect(digest.body).toContain('600,000 yuan -> 700,000 yuan');
  expect(digest.body).toContain('formula.cap: 600000 -> 700000');
  expect(digest.body).toMatch(new RegExp(`/profiles/${token}#entry-[0-9a-f]{32}`));
  expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  const unsubscribe = linkIn(digest.body, /http:\/\/\S+\/profiles\/email\/[0-9a-f]{32}\/unsubscribe/);
  expect(digest.headers['list-unsubscribe']).toBe(`<${unsubscribe}>`);

  // The result kept before the change: its "what changed" panel names it.
  await page.goto(resultUrl);
  const changed = page.getByTestId('changes').locator(`[data-testid="change-line"][data-measure="${LITIGATION}"]`);
  await expect(changed).toContainText('600,000 yuan then, 700,000 yuan now');
  await expect(changed.getByTestId('change-cause')).toContainText('formula.cap: 600000 → 700000');

  // "My real award differed", seen by a reviewer beside the estimate and its trace.
  const form = w.item(LITIGATION).getByTestId('report-award');
  await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  await form.getByText('My actual award differed').click();
  await form.getByLabel('Amount actually granted (yuan)').fill('55万');
  await form.getByLabel('Comment (optional)').fill(`Granted 550,000 (${token.slice(0, 6)})`);
  await form.getByRole('button', { name: 'Send to the policy office' }).click();
  await expect(form.getByTestId('report-sent')).toBeVisible();
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, 'reviewer');
  await reviewer.goto(`/staff/award-reports?measure=${LITIGATION}`);
  const report = reviewer.getByTestId('award-report').filter({ hasText: token.slice(0, 6) });
  await expect(report.getByTestId('report-estimate')).toHaveText('600,000 yuan');
  await expect(report.getByTestId('report-reported')).toHaveText('550,000 yuan');
  await expect(report.getByTestId('report-trace')).toContainText('600,000');
  await noAxeViolations(reviewer);
  await report.getByTestId('report-mark-reviewed').click();
  await expect(report.getByTestId('report-reviewed')).toContainText(STAFF.reviewer.email);
  await reviewerContext.close();
  await staffContext.close();

  // One click in the digest unsubscribes, without signing in.
  await page.goto(unsubscribe);
  await expect(page.getByTestId('profile-flash')).toContainText('You are unsubscribed');
  await expect(page.getByTestId('profile-email-state')).toHaveAttribute('data-state', 'none');
  const mailsBefore = mailTo(email).length;

  // In Chinese, and without JavaScript: rename with the plain form.
  const plain = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const noJs = await plain.newPage();
  await noJs.goto('/lang/zh');
  await noJs.goto(profileUrl);
  await expect(noJs.getByRole('heading', { name: '管理此档案' })).toBeVisible();
  await noJs.getByLabel('档案名称').fill('诉讼 2026');
  await noJs.getByRole('button', { name: '重命名' }).click();
  await expect(noJs.getByTestId('profile-flash')).toHaveText('档案已重命名。');
  await expect(noJs.getByTestId('profile-name')).toHaveText('诉讼 2026');
  // Deleting asks for the box, then deletes for good.
  await noJs.getByRole('checkbox', { name: /我了解删除后/ }).check();
  await noJs.getByRole('button', { name: '删除档案' }).click();
  await expect(noJs.getByTestId('profile-deleted')).toBeVisible();
  await plain.close();
  expect((await request.get(`${profileUrl}/feed.atom`)).status()).toBe(404);
  await page.goto(profileUrl);
  await expect(page.getByTestId('profile-not-found')).toBeVisible();
  expect(mailTo(email).length).toBe(mailsBefore);
});

test('two people edit the same measure: the second save is refused and keeps its text', async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const a = await first.newPage();
  const b = await second.newPage();
  await signIn(a, 'editor');
  await signIn(b, 'publisher');
  const ea = new MeasureEditor(a);
  const eb = new MeasureEditor(b);
  await ea.open(LITIGATION);
  await eb.open(LITIGATION);
  await ea.set('Title', 'Litigation subsidy (first editor)');
  await a.getByRole('button', { name: 'Save draft' }).click();
  await expect(ea.notice()).toContainText('Draft saved');
  await eb.set('Title', 'Litigation subsidy (second editor)');
  await b.getByRole('button', { name: 'Save draft' }).click();
  await expect(eb.notice()).toContainText('Someone else');
  await expect(b.getByLabel('Title', { exact: true })).toHaveValue('Litigation subsidy (second editor)');
  // Nothing was lost: the first editor's draft is what a fresh load shows.
  await eb.open(LITIGATION);
  await expect(b.getByLabel('Title', { exact: true })).toHaveValue('Litigation subsidy (first editor)');
  await first.close();
  await second.close();
});

test('a script in a measure title is shown as text, never run', async ({ page }) => {
  await signIn(page, 'editor');
  const editor = new MeasureEditor(page);
  await editor.open(LITIGATION);
  const payload = '<script>window.__xss = 1</script><img src=x onerror="window.__xss=2">';
  await editor.set('Title', payload);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(editor.notice()).toContainText('Draft saved');
  await page.goto('/staff/measures');
  await expect(page.getByRole('link', { name: payload })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('ten wrong passwords in a row lock the account here, the right one included', async ({ page }) => {
  const { email, password } = STAFF.lockout;
  const attempt = async (pass: string) => {
    await page.goto('/staff/sign-in');
    await page.getByRole('textbox', { name: 'E-mail address' }).fill(email);
    await page.getByLabel('Password').fill(pass);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page.getByTestId('form-error');
  };
  // Nine times the plain answer, the same as for an unknown address; the tenth locks.
  for (let i = 1; i <= 9; i++) {
    await expect(await attempt(`wrong-password-${i}`)).toHaveText('The e-mail address or password is wrong.');
  }
  await expect(await attempt('wrong-password-10')).toContainText('Too many wrong passwords for this address. Sign-in is locked for');
  // Locked: the right password is refused too, and nobody is signed in.
  await expect(await attempt(password)).toContainText('Too many wrong passwords for this address');
  await expect(page.getByTestId('staff-identity')).toHaveCount(0);
});

test('catalog files exported from the staff area import again without a change', async ({ page }) => {
  await signIn(page, 'publisher');
  await page.goto('/staff/catalog');
  // The page lists the files of the catalog in force: the facts, then one per source document.
  const links = page.getByRole('link', { name: /\.toml$/ });
  await expect(links).toHaveCount(7);
  const files = await links.allTextContents();
  expect(files[0]).toBe('facts.toml');
  expect(files).toContain('nj-2020-landmarks.toml');
  const uploads = [];
  for (const name of files) {
    const r = await page.request.get(`/api/v1/staff/export/${name}`);
    expect(r.status()).toBe(200);
    uploads.push({ name, mimeType: 'application/toml', buffer: Buffer.from(await r.text()) });
  }
  await page.getByLabel('Catalog files (.toml)').setInputFiles(uploads);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-outcome')).toContainText('0 added, 0 changed');
});

test('staff pages have no axe-core violations', async ({ page }) => {
  test.slow(); // axe-core on a dozen staff pages, each a lazily loaded route
  await page.goto('/staff/sign-in');
  await noAxeViolations(page);
  await signIn(page, 'admin');
  for (const path of ['/staff', '/staff/measures', '/staff/catalog', '/staff/account', '/staff/measures/new',
    '/staff/updates', '/staff/updates/new', '/staff/audit', '/staff/users', '/staff/award-reports',
    '/staff/reference/facts', '/staff/reference/rules', '/staff/reference/documents',
    '/staff/reference/facts/new', `/staff/reference/facts/${COST}/edit`,
    `/staff/reference/rules/${YEARS_RULE}/edit`, '/staff/reference/documents/nwf-2020-1/edit']) {
    await page.goto(path);
    await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
    await noAxeViolations(page);
  }
  const editor = new MeasureEditor(page);
  await editor.open(LITIGATION);
  await expect(page.getByTestId('example-check').first()).toBeVisible();
  await noAxeViolations(page);
});

test('a script in an announcement is shown as text, never run; the feed escapes it', async ({ page, request }) => {
  await signIn(page, 'publisher');
  await page.goto(`/staff/updates/new?measure=${LITIGATION}`);
  await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  const title = 'Cap raised <script>window.__xss = 1</script>';
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Text', { exact: true }).fill(
    'The cap is now **600,000 yuan**.\n\n<script>window.__xss = 2</script><img src=x onerror="window.__xss = 3">\n\n[click](javascript:window.__xss=4)',
  );
  await expect(page.getByLabel('Measures concerned (optional)')).toHaveValue(LITIGATION);
  await page.getByTestId('save-announcement').click();
  await expect(page).toHaveURL(/\/staff\/updates\/[0-9a-f]+\/edit\?saved=1/);
  await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('publish-announcement').click();
  await expect(page.getByTestId('announcement-status')).toHaveText('Published');

  await page.goto('/updates');
  const article = page.getByTestId('announcement').filter({ hasText: 'Cap raised' });
  await expect(article.getByRole('heading', { name: title })).toBeVisible();
  await expect(article.getByTestId('announcement-body').locator('strong')).toHaveText('600,000 yuan');
  await expect(article.locator('script, img[onerror], a[href^="javascript:"]')).toHaveCount(0);
  await expect(article.getByRole('link', { name: /IP litigation/ })).toHaveAttribute('href', `/measures/${LITIGATION}`);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  const feed = await request.get('/updates.atom');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  const xml = await feed.text();
  expect(xml).toContain('Cap raised &lt;script&gt;');
  expect(xml).not.toContain('<script>');

  await page.goto('/');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
});

test('the audit log shows each publish with before and after, filtered by person and measure', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/staff/audit');
  await expect(page.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Person').selectOption(STAFF.publisher.email);
  await page.getByLabel('Record').fill(LITIGATION);
  await page.getByTestId('audit-filter').click();
  await expect(page).toHaveURL(/actor=publisher%40e2e\.test/);
  // Two publishes of this measure (600,000, then 700,000 in the profile journey); newest first.
  const publishes = page.getByTestId('audit-row').filter({ hasText: 'measure.publish' });
  await expect(publishes).toHaveCount(2);
  const publish = publishes.last();
  await publish.getByText('Before', { exact: true }).click();
  await publish.getByText('After', { exact: true }).click();
  await expect(publish).toContainText(/"cap": ?500000/);
  await expect(publish).toContainText(/"cap": ?600000/);
  // Only this person's entries for this measure are listed.
  for (const row of await page.getByTestId('audit-row').all()) {
    await expect(row).toContainText(STAFF.publisher.email);
  }
});

/** The platform's today (China Standard Time) plus `days`, as YYYY-MM-DD. */
function inDays(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Presses Tab until the element with this id or test id has the focus (keyboard only). */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 60; i++) {
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      return [e?.id ?? '', e?.getAttribute('data-testid') ?? ''];
    });
    if (focused.includes(id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

test('in Chinese: an editor drafts a fact and a rule; a publisher previews the impact and publishes; badge, filter and dashboard follow', async ({ browser, request, baseURL }) => {
  test.setTimeout(180_000);
  // A stored result far above the cap: its amount changes with any change of the cap.
  const stored = await request.post('/api/v1/results', {
    data: { facts: { applicant_kind: 'enterprise', located_in_nanjing: true, ip_dispute_outcome: 'won', ip_litigation_cost_cny: 10000000 } },
  });
  expect(stored.status()).toBe(201);
  const chinese = async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'policy_lang', value: 'zh', url: baseURL! }]);
    return context.newPage();
  };

  // The editor drafts the litigation cost's question, with the keyboard only...
  const ed = await chinese();
  await signIn(ed, 'editor');
  await ed.goto(`/staff/reference/facts/${COST}/edit`);
  await expect(ed.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  await expect(ed.getByRole('heading', { level: 1 })).toHaveText(`编辑 ${COST}`);
  await expect(ed.getByTestId('ref-users')).toContainText(LITIGATION);
  await noAxeViolations(ed);
  await tabTo(ed, 'ref-question');
  await ed.keyboard.press('ControlOrMeta+a');
  await ed.keyboard.type('诉讼共花费了多少？');
  await tabTo(ed, 'ref-save');
  await ed.keyboard.press('Enter');
  await expect(ed.getByTestId('ref-notice')).toBeVisible();
  // ...and the Jing'an rule's minimum years (a rule's own form, its kind's fields).
  await ed.goto(`/staff/reference/rules/${YEARS_RULE}/edit`);
  await expect(ed.locator('main#main')).toHaveAttribute('data-hydrated', 'true');
  await expect(ed.getByLabel('规则类型')).toHaveValue('minimum_years');
  await ed.getByLabel('最低年限', { exact: true }).fill('4');
  await ed.getByTestId('ref-save').click();
  await expect(ed.getByTestId('ref-notice')).toBeVisible();
  // An editor cannot publish: the form says a publisher does.
  await expect(ed.getByTestId('ref-publish')).toHaveCount(0);
  await ed.goto('/staff/reference/facts');
  await expect(ed.locator(`[data-testid="ref-row"][data-key="${COST}"]`)).toContainText('有未发布的草稿');

  // The publisher's dashboard lists both drafts, in Chinese.
  const pub = await chinese();
  await signIn(pub, 'publisher');
  await pub.goto('/staff');
  await expect(pub.getByRole('heading', { level: 1 })).toHaveText('工作人员区');
  const drafts = pub.getByTestId('dash-drafts');
  await expect(drafts.locator(`[data-kind="fact"][data-measure="${COST}"]`)).toBeVisible();
  await expect(drafts.locator(`[data-kind="rule"][data-measure="${YEARS_RULE}"]`)).toBeVisible();
  await expect(pub.getByTestId('chart-state')).toBeVisible();
  await noAxeViolations(pub);

  // The publisher lowers the litigation cap by 100,000 and states an expiry 20 days ahead.
  await pub.goto(`/staff/measures/${LITIGATION}/edit`);
  await expect(pub.locator('form[data-live="true"]')).toBeVisible();
  const capField = pub.getByLabel('上限（元）', { exact: true });
  const cap = Number((await capField.inputValue()).replace(/[^0-9]/g, '')) - 100000;
  await capField.fill(String(cap));
  await pub.locator('#m-until').fill(inDays(20));
  // The worked examples above the new cap now give it.
  const checks = pub.getByTestId('example-check');
  await expect(checks.filter({ hasText: '未通过' }).first()).toBeVisible();
  const n = await checks.count();
  for (let i = 0; i < n; i++) {
    if ((await checks.nth(i).textContent())?.includes('未通过')) {
      await pub.getByTestId(`example-${i}`).getByLabel('确切金额（元）').fill(String(cap));
      await expect(checks.nth(i)).toContainText('通过');
    }
  }
  await expect(checks.filter({ hasText: '未通过' })).toHaveCount(0);
  await pub.getByRole('button', { name: '预览影响' }).click();
  const impact = pub.getByTestId('impact');
  await expect(impact).toBeVisible();
  expect(Number(await impact.getByTestId('impact-changed').textContent())).toBeGreaterThan(0);
  await expect(impact.getByTestId('impact-example').first()).toHaveAttribute('data-kind', 'amount');
  await pub.getByRole('button', { name: '发布', exact: true }).click();
  await expect(pub.getByTestId('editor-notice')).toContainText('Published as version');

  // The measure's badge says "closing soon", and the catalog's state filter finds it.
  await pub.goto(`/measures/${LITIGATION}`);
  await expect(pub.getByTestId('lifecycle')).toHaveAttribute('data-state', 'closing_soon');
  await expect(pub.getByTestId('lifecycle')).toHaveText('即将截止');
  await pub.goto('/measures?state=closing_soon');
  const card = pub.getByTestId('measure-card').filter({ has: pub.locator(`a[href="/measures/${LITIGATION}"]`) });
  await expect(card.getByTestId('lifecycle')).toHaveText('即将截止');
  for (const state of await pub.getByTestId('measure-card').getByTestId('lifecycle').allTextContents()) {
    expect(state).toBe('即将截止');
  }

  // The dashboard lists the change among the measures closing within 30 days.
  await pub.goto('/staff');
  const closing = pub.locator(`[data-testid="dash-closing-row"][data-measure="${LITIGATION}"]`);
  await expect(closing).toContainText(inDays(20));
  await expect(closing).toContainText('20');
});
