/**
 * Who sees what, in a real Chromium against the real server and the demo users: an agent is
 * told why an executive-only page is refused, a team lead is offered their department only,
 * and an administrator creates an API token whose secret is shown once.
 * Screenshots go to test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  launchBrowser,
  type RunningServer,
  screenshot,
  signIn,
  startServer,
  watchErrors,
} from './harness.ts';

const AGENT = { email: 'agent@parcours.demo', password: 'demo-agent-2026' };
const LEAD = { email: 'responsable@parcours.demo', password: 'demo-lead-2026' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
let errors: ReturnType<typeof watchErrors>;

async function openAs(user: { email: string; password: string }): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await signIn(context, server.url, user);
  const page = await context.newPage();
  errors = watchErrors(page);
  // the browser logs every refused request; the page itself must explain it
  errors.allow(/status of 403/);
  return page;
}

describe('access by role in Chromium', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(errors.list()).toEqual([]);
  });

  it('tells an agent why an executive-only page is refused, with a way back', async () => {
    const page = await openAs(AGENT);
    await page.goto(`${server.url}/departments/marketing?lang=en`);
    const refusal = page.getByTestId('forbidden');
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toContain('You cannot open this page');
    expect(text).toContain(
      'The department “Marketing”: not within what your role lets you see (Support chat).',
    );
    expect(
      await refusal.getByRole('link', { name: 'Back to what you can see' }).getAttribute('href'),
    ).toMatch(/^\/(\?lang=en)?$/);
    // the header says who is signed in, with the role and the team
    await page.getByTestId('account-scope').filter({ hasText: 'Support chat' }).waitFor();
    expect(await page.getByTestId('account-role').textContent()).toMatch(/^agent\s*·\s*Support chat$/);
    // an agent is offered no department menu and no admin pages
    expect(await page.locator('.main-nav details.nav-menu').count()).toBe(0);
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await screenshot(page, 'access-agent-department-refused');

    // the same refusal in French
    await page.goto(`${server.url}/departments/marketing?lang=fr`);
    await refusal.filter({ hasText: 'Vous ne pouvez pas ouvrir cette page' }).waitFor();
    expect((await refusal.textContent())?.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      'La direction « Marketing »',
    );
    expect(await refusal.getByRole('link').textContent()).toBe('Revenir à ce que vous pouvez voir');
    await screenshot(page, 'access-agent-department-refused-fr');

    await page.goto(`${server.url}/admin/users?lang=en`);
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      'This page is for administrators: your role does not include managing Parcours.',
    );
    await screenshot(page, 'access-agent-admin-refused');

    // the link back leads to the overview the agent may see
    await refusal.getByRole('link', { name: 'Back to what you can see' }).click();
    await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
    expect(await page.getByTestId('forbidden').count()).toBe(0);
  });

  it('offers a team lead their department only, and refuses a filter on another', async () => {
    const page = await openAs(LEAD);
    await page.goto(`${server.url}/?lang=en`);
    await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
    await page.getByTestId('account-scope').filter({ hasText: 'Service client' }).waitFor();

    const board = page.getByTestId('goals-board');
    await board.waitFor();
    const blocks = await board
      .locator('article.goal-block')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-department')));
    expect(blocks).toContain('service-client');
    expect(blocks).not.toContain('marketing');

    const menu = page.locator('.main-nav details.nav-menu');
    await menu.locator('summary').click();
    const links = menu.locator('.menu-panel a');
    await links.first().waitFor();
    expect(await links.allTextContents()).toEqual(['Service client']);

    // the department filter offers the own department only
    await page.locator('details[data-filter="department"] summary').click();
    const choices = await page
      .locator('details[data-filter="department"] .check-list label')
      .allTextContents();
    expect(choices.map((c) => c.trim())).toEqual(['Service client']);
    await screenshot(page, 'access-lead-overview');

    await page.goto(`${server.url}/?lang=en&department=marketing`);
    const refusal = page.getByTestId('forbidden');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      'The filter Department “Marketing”: not within what your role lets you see (Service client).',
    );
    await screenshot(page, 'access-lead-filter-refused');

    // goals can be read, not changed: no form, no edit links
    await page.goto(`${server.url}/goals?lang=en`);
    const goals = page.getByTestId('goals-table');
    await goals.waitFor();
    expect(await goals.locator('a[href^="/goals/"]').count()).toBe(0);
    expect(await page.locator('#goal-new').count()).toBe(0);

    // the own department opens
    await page.goto(`${server.url}/departments/service-client?lang=en`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Service client' }).waitFor();
    expect(await page.getByTestId('forbidden').count()).toBe(0);
  });

  it('lets an administrator create an API token whose secret is shown once', async () => {
    const page = await openAs(DEMO_ADMIN);
    await page.goto(`${server.url}/admin/tokens?lang=en`);
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('Nightly CRM import');
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toContain('it is shown only this once');
    const value = await page.getByTestId('token-value').textContent();
    expect(value).toMatch(/^pct_/);
    const table = page.getByTestId('tokens-table');
    await table.getByText('Nightly CRM import').waitFor();
    await screenshot(page, 'access-admin-token-created');

    // once: after a reload the secret is gone, only its prefix is listed
    await page.reload();
    await table.getByText('Nightly CRM import').waitFor();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(value);

    // revoking asks first, then marks the token
    page.once('dialog', (dialog) => void dialog.accept());
    const tokenRow = table.locator('tr', { hasText: 'Nightly CRM import' });
    await tokenRow.getByRole('button', { name: 'Revoke' }).click();
    await tokenRow.getByText('Revoked').waitFor();

    // the admin pages are offered in the header, and the audit trail records the token
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('users-table').waitFor();
    await screenshot(page, 'access-admin-users');
    await page.goto(`${server.url}/admin/audit?lang=en&action=token.create`);
    const audit = page.getByTestId('audit-table');
    await audit.waitFor();
    expect(await audit.textContent()).toContain('token.create');
    await screenshot(page, 'access-admin-audit');
  });

  it("shows the server's validation on the user form, creates a user and disables them", async () => {
    const page = await openAs(DEMO_ADMIN);
    errors.allow(/status of 400/);
    await page.goto(`${server.url}/admin/users?lang=en`);
    const table = page.getByTestId('users-table');
    await table.waitFor();
    const form = page.locator('form.admin-form');
    await form.getByLabel('E-mail').fill('nadia@parcours.demo');
    await form.getByLabel('Name').fill('Nadia Conseillère');
    await form.getByLabel('Role').selectOption('agent');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create' }).click();
    // the server's reasons, each on its field
    await form.locator('[data-field-error="password"]').waitFor();
    expect(await form.locator('[data-field-error="password"]').textContent()).toContain(
      'at least 12 characters',
    );
    expect(await form.locator('[data-field-error="team_id"]').textContent()).toContain('required');
    expect(await form.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'access-admin-user-invalid');

    await form.getByLabel('Team').selectOption('sc-chat');
    await form.getByLabel('Initial password').fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create' }).click();
    const row = table.locator('tr[data-user="nadia@parcours.demo"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Support chat');
    expect(await form.locator('[data-field-error]').count()).toBe(0);

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await row.getByRole('button', { name: 'Enable' }).waitFor();

    // change the role and team in the row
    await row.getByRole('button', { name: 'Change role or team' }).click();
    await row.getByLabel('Role').selectOption('team_lead');
    await row.getByLabel('Team').selectOption('sc-lyon');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Team lead').waitFor();
    expect(await row.textContent()).toContain("Centre d'appels Lyon");
    await screenshot(page, 'access-admin-user-changed');
  });
});
