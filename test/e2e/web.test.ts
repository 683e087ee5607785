/**
 * The built web app in a real Chromium against the real server and the demo data:
 * the overview and its goals board, the drill-down from a KPI to a customer's timeline,
 * filters in the URL, the language switch and CSV export. Screenshots of the main views
 * go to test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZGoal, ZGoalStatusResponse, ZReference } from '../../packages/domain/src/index.ts';
import { parseCsv } from './csv-parse.ts';
import {
  DEMO_ADMIN,
  launchBrowser,
  type RunningServer,
  screenshot,
  signIn,
  startServer,
  watchErrors,
} from './harness.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: ReturnType<typeof watchErrors>;

const NBSP = /[\u00a0\u202f]/g;

/** a read of the API as the signed-in user of the test's browser context */
async function api<T>(path: string, parse: (v: unknown) => T): Promise<T> {
  const response = await context.request.get(`${server.url}/api/v1${path}`);
  expect(response.status()).toBe(200);
  return parse(await response.json());
}

async function openOverview(query = '?lang=en'): Promise<number> {
  const started = Date.now();
  await page.goto(`${server.url}/${query}`);
  await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
  return Date.now() - started;
}

describe('the web app in Chromium', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
    await signIn(context, server.url);
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterEach(async () => {
    await context.close();
    expect(errors.list()).toEqual([]);
  });

  it('shows the KPI tiles and the goals board with the demo goals', async () => {
    // how fast the tiles appear is measured by `pnpm bench`, not asserted here
    await openOverview();
    expect(await page.locator('a.kpi-tile').count()).toBe(15);

    const status = await api('/goals/status', (v) => ZGoalStatusResponse.parse(v));
    const withGoals = status.departments.filter((d) => d.goals.length > 0);
    expect(withGoals.length).toBeGreaterThan(0);
    const board = page.getByTestId('goals-board');
    await board.waitFor();
    expect(await board.locator('article.goal-block').count()).toBe(withGoals.length);
    const goalCount = withGoals.reduce((n, d) => n + d.goals.length, 0);
    expect(await board.locator('li[data-goal]').count()).toBe(goalCount);
    for (const d of withGoals) {
      const block = board.locator(`article[data-department="${d.department?.id ?? 'company'}"]`);
      if (d.department) expect(await block.locator('h3').textContent()).toBe(d.department.name);
      for (const item of d.goals) {
        // status in words, not colour alone
        const row = block.locator(`li[data-goal="${item.goal.id}"]`);
        expect(await row.getAttribute('data-status')).toBe(item.status);
        expect(await row.locator('.goal-status .status').textContent()).toBe(
          { met: 'Met', at_risk: 'At risk', off_track: 'Off track', no_data: 'No data' }[item.status],
        );
      }
    }
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'overview-en');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'overview-print');
  });

  it('leads from the NPS tile to the detractor answers and from one of them to the customer timeline', async () => {
    await openOverview();
    await page.locator('a.kpi-tile[data-kpi="nps"]').click();
    await page.waitForURL(/\/kpis\/nps\/records\?.*subset=detractors/);
    const rows = page.locator('[data-testid="records-table"] tbody tr');
    await rows.first().waitFor();
    const scores = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-score'))));
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((s) => s >= 0 && s <= 6)).toBe(true);
    await expect.poll(() => page.locator('nav.segmented [aria-current]').textContent()).toBe('Detractors');
    await screenshot(page, 'drill-nps-detractors');

    const link = rows.first().getByTestId('customer-link');
    const name = ((await link.textContent()) ?? '').trim();
    await link.click();
    await page.waitForURL(/\/customers\/[^/?]+/);
    await expect.poll(() => page.locator('h1').textContent()).toBe(name);
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    expect(await timeline.locator('li.timeline-item').count()).toBeGreaterThan(0);
    // the answer we came from is in the timeline and marked
    expect(await timeline.locator('[data-focus="true"]').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'customer-timeline');
  });

  it('keeps a filter in the URL, through a reload, and back removes it', async () => {
    const reference = await api('/reference', (v) => ZReference.parse(v));
    const department = reference.departments[0];
    if (!department) throw new Error('the demo data has no department');
    await openOverview();

    const kpiRequest = page.waitForRequest(
      (r) =>
        r.url().includes('/api/v1/kpis?') &&
        r.url().includes(`department=${encodeURIComponent(department.id)}`),
    );
    await page.locator('details[data-filter="department"] > summary').click();
    await page.locator(`details[data-filter="department"] input[value="${department.id}"]`).check();
    await page.waitForURL((url) => url.searchParams.getAll('department').includes(department.id));
    await kpiRequest;
    await page.keyboard.press('Escape');

    await page
      .locator(`select#${await page.locator('.period-picker select').first().getAttribute('id')}`)
      .selectOption('month');
    await page.waitForURL((url) => /^\d{4}-\d{2}$/.test(url.searchParams.get('period') ?? ''));
    const shared = page.url();

    await page.reload();
    await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
    expect(page.url()).toBe(shared);
    await expect.poll(() => page.locator('.chips .chip').first().textContent()).toContain(department.name);
    expect(await page.locator('.period-picker select').first().inputValue()).toBe('month');
    await page.locator('details[data-filter="department"] > summary').click();
    expect(
      await page.locator(`details[data-filter="department"] input[value="${department.id}"]`).isChecked(),
    ).toBe(true);
    await screenshot(page, 'overview-filtered');

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('period') === null);
    expect(new URL(page.url()).searchParams.getAll('department')).toEqual([department.id]);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.getAll('department').length === 0);
    await expect.poll(() => page.locator('.chips .chip').count()).toBe(0);
  });

  it('switches the language: labels, number formats, and it is remembered', async () => {
    await openOverview('');
    expect(await page.locator('nav.main-nav').textContent()).toContain('Overview');
    const csat = page.locator('[data-kpi="csat"] [data-testid="kpi-value"]');
    expect(await csat.textContent()).toMatch(/^\d{1,3}(\.\d)?%$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('button', { name: 'Français' }).click();
    await page.waitForURL((url) => url.searchParams.get('lang') === 'fr');
    await expect.poll(() => page.locator('nav.main-nav').textContent()).toContain('Synthèse');
    expect(((await csat.textContent()) ?? '').replace(NBSP, ' ')).toMatch(/^\d{1,3}(,\d)? %$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Synthèse de direction');
    const retention = await page.locator('[data-kpi="retention"] [data-testid="kpi-n"]').textContent();
    expect((retention ?? '').replace(NBSP, ' ')).toMatch(/n = \d{1,3}( \d{3})*$/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'overview-fr');

    // the choice is remembered for a link without ?lang=
    await page.goto(`${server.url}/journey`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Points de contact et parcours');
  });

  it('exports exactly the rows and columns shown as CSV', async () => {
    await page.goto(`${server.url}/kpis/nps/records?subset=detractors&lang=en`);
    const table = page.getByTestId('records-table');
    await table.locator('tbody tr').first().waitFor();
    const headers = await table.locator('thead th').allTextContents();
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => tr.querySelector('[data-testid="customer-link"]')?.textContent ?? ''),
      );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByTestId('csv-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^parcours-nps-detractors-\d{4}-q\d\.csv$/);
    const path = await download.path();
    const rows = parseCsv(readFileSync(path, 'utf8'));
    expect(rows[0]?.map((h) => h.toUpperCase())).toEqual(headers.map((h) => h.trim().toUpperCase()));
    expect(rows.length - 1).toBe(shown.length);
    const customerColumn = rows[0]?.indexOf('Customer') ?? -1;
    expect(rows.slice(1).map((r) => r[customerColumn])).toEqual(shown);
  });

  it('renders the department, journey, customers and goals views', async () => {
    const reference = await api('/reference', (v) => ZReference.parse(v));
    const department = reference.departments[0];
    if (!department) throw new Error('the demo data has no department');

    await page.goto(`${server.url}/departments/${department.id}?lang=en`);
    await page.getByTestId('teams-table').waitFor();
    await page.getByTestId('touchpoints-table').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'department');

    await page.goto(`${server.url}/journey?lang=en`);
    await page.getByTestId('heatmap').waitFor();
    expect(await page.locator('table.heatmap tbody tr').count()).toBe(6);
    await page.locator('[data-testid="pareto-revenue"] .recharts-bar-rectangle').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'journey');

    await page.goto(`${server.url}/customers?lang=en`);
    await page.getByTestId('customers-table').waitFor();
    await page.getByLabel('Search customers').fill('martin');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'martin');
    await screenshot(page, 'customers');

    await page.goto(`${server.url}/goals?lang=en`);
    await page.getByTestId('goals-table').waitFor();
    await page.getByRole('button', { name: 'Create goal' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('KPI: Required.');
    await screenshot(page, 'goals-validation');
  });

  it('creates, validates, edits and deletes a goal', async () => {
    const reference = await api('/reference', (v) => ZReference.parse(v));
    const team = reference.teams[0];
    if (!team) throw new Error('the demo data has no team');
    await page.goto(`${server.url}/goals?lang=en`);
    await page.getByTestId('goals-table').waitFor();
    const form = page.getByTestId('goal-form');
    await form.getByLabel('KPI', { exact: true }).selectOption('csat');
    await form.getByLabel('Scope', { exact: true }).selectOption('team');
    await form.getByLabel('Which one', { exact: true }).selectOption(team.id);
    await form.getByLabel('Period', { exact: true }).fill('2026-13');
    await form.getByLabel('Target', { exact: true }).fill('150');
    await form.getByRole('button', { name: 'Create goal' }).click();
    const summary = form.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      'Period: Enter a month (2026-11), a quarter (2026-Q4) or a year (2026).',
    );
    expect(await summary.textContent()).toContain('Target: Enter a value between 0 and 100.');
    expect(await form.getByLabel('Target', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Period', { exact: true }).fill('2026-12');
    await form.getByLabel('Target', { exact: true }).fill('82,5');
    await form.getByRole('button', { name: 'Create goal' }).click();
    await page.getByRole('status').filter({ hasText: 'Goal created.' }).waitFor();
    const created = (await api('/goals?period=2026-12', (v) => ZGoal.array().parse(v))).find(
      (g) => g.scope_type === 'team' && g.scope_id === team.id && g.kpi === 'csat',
    );
    expect(created?.target).toBe(82.5);
    if (!created) return;

    await page
      .getByRole('link', { name: `Edit Customer satisfaction (CSAT) · ${team.name} · December 2026` })
      .click();
    await page.waitForURL(`**/goals/${created.id}?lang=en`);
    const edit = page.getByTestId('goal-form');
    // the goal list refetches after the navigation: edit once it has settled, so a late
    // answer cannot reset the form between typing and saving
    await page.waitForLoadState('networkidle');
    const target = edit.getByLabel('Target', { exact: true });
    // typed again if a late render of the page replaced the form under the first typing
    for (let attempt = 0; attempt < 5; attempt++) {
      await target.fill('85');
      await page.waitForTimeout(200);
      if ((await target.inputValue()) === '85') break;
    }
    expect(await target.inputValue()).toBe('85');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    const goals = await api('/goals?period=2026-12', (v) => ZGoal.array().parse(v));
    expect(goals.find((g) => g.id === created.id)?.target).toBe(85);
    await screenshot(page, 'goal-edit');

    page.once('dialog', (dialog) => void dialog.accept());
    await edit.getByRole('button', { name: 'Delete goal' }).click();
    await page.waitForURL((url) => url.pathname === '/goals');
    const after = await api('/goals?period=2026-12', (v) => ZGoal.array().parse(v));
    expect(after.some((g) => g.id === created.id)).toBe(false);
  });

  it('says what failed and retries when the server errs, instead of a blank screen', async () => {
    errors.allow(/status of 500/);
    await page.route('**/api/v1/kpis?**', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'the database is unavailable' } }),
      }),
    );
    await page.goto(`${server.url}/?lang=en`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load the KPIs.' });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toContain('the database is unavailable');
    await screenshot(page, 'overview-error');
    await page.unroute('**/api/v1/kpis?**');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
  });

  it('can be used with the keyboard alone', async () => {
    await openOverview();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // a filter opens with Enter and its options toggle with Space
    await page.locator('details[data-filter="stage"] > summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('details[data-filter="stage"] input[value="service"]').focus();
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.searchParams.getAll('stage').includes('service'));
    await page.keyboard.press('Escape');
    expect(await page.locator('details[data-filter="stage"]').getAttribute('open')).toBeNull();
    // a KPI tile is a link to its records
    await page.locator('a.kpi-tile[data-kpi="csat"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(
      (url) => url.pathname === '/kpis/csat/records' && url.searchParams.get('stage') === 'service',
    );
    await page.getByTestId('records-table').waitFor();
  });

  it('asks to sign in first, then opens the page that was asked for; signing out ends the session', async () => {
    const anonymous = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
    const visitor = await anonymous.newPage();
    const visitorErrors = watchErrors(visitor);
    visitorErrors.allow(/status of 401/);
    await visitor.goto(`${server.url}/kpis/nps/records?subset=detractors&lang=en`);
    await visitor.waitForURL((url) => url.pathname === '/login');
    expect(new URL(visitor.url()).searchParams.get('redirect')).toBe(
      '/kpis/nps/records?subset=detractors&lang=en',
    );
    await visitor.getByLabel('E-mail').fill(DEMO_ADMIN.email);
    await visitor.getByLabel('Password').fill('not the password');
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    await screenshot(visitor, 'login');
    await visitor.getByLabel('Password').fill(DEMO_ADMIN.password);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.waitForURL((url) => url.pathname === '/kpis/nps/records');
    await visitor.getByTestId('records-table').waitFor();
    await visitor.getByRole('button', { name: 'Sign out' }).click();
    await visitor.waitForURL((url) => url.pathname === '/login');
    await visitor.goto(`${server.url}/?lang=en`);
    await visitor.waitForURL((url) => url.pathname === '/login');
    expect(visitorErrors.list()).toEqual([]);
    await anonymous.close();
  });
});
