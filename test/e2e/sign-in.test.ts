/**
 * The first five minutes, in Chromium against the demo: a newcomer opens `/` (or a shared
 * deep link, or /login) in a fresh browser, finds the demo accounts on the sign-in page, and
 * the first sign-in lands where they were going, with no 401 in the console on the way.
 */
import { type SessionInfo, ZSession } from '@parcours/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, startServer, watchErrors } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;

async function freshPage(locale = 'en-GB'): Promise<{ page: Page; errors: ReturnType<typeof watchErrors> }> {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const failed: string[] = [];
  // a 401 shows in the console as "Failed to load resource": record every one, with its URL
  page.on('response', (r) => {
    if (r.status() === 401) failed.push(`401 ${r.url()}`);
  });
  return { page, errors: { list: () => [...errors.list(), ...failed], allow: errors.allow } };
}

function departmentOf(session: SessionInfo): string {
  if (session.scope.kind !== 'department') throw new Error(`a team lead with a ${session.scope.kind} scope`);
  return session.scope.departmentId;
}

describe('signing in for the first time', () => {
  beforeAll(async () => {
    server = await startServer({ size: 'small' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('prints the demo accounts when the server starts on the demo', () => {
    const log = server.output();
    expect(log).toContain('demo accounts');
    for (const email of [
      'admin@parcours.demo',
      'direction@parcours.demo',
      'responsable@parcours.demo',
      'agent@parcours.demo',
    ])
      expect(log).toContain(email);
  });

  it('from /: the sign-in page offers the demo accounts, one click fills the form, the first sign-in lands on the overview', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${server.url}/?lang=en`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'Sign in to Parcours' }).waitFor();
    const accounts = page.getByTestId('demo-account');
    await accounts.first().waitFor();
    expect(await accounts.count()).toBe(4);
    await screenshot(page, 'sign-in-demo-accounts');

    await page.locator('[data-testid="demo-account"][data-role="executive"]').click();
    expect(await page.getByLabel('E-mail').inputValue()).toBe('direction@parcours.demo');
    expect(await page.getByLabel('Password').inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
    expect(await page.getByText('Your session has ended').count()).toBe(0);
    expect(errors.list()).toEqual([]);
  });

  it('from a shared deep link: the first sign-in comes back to that view, filters included', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${server.url}/journey?lang=en&kpi=csat`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('E-mail').fill('responsable@parcours.demo');
    await page.getByLabel('Password').fill('demo-lead-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/journey' && url.searchParams.get('kpi') === 'csat');
    await page.getByTestId('heatmap').waitFor();
    expect(errors.list()).toEqual([]);
  });

  it('from a shared overview link with a period: the first sign-in shows that period', async () => {
    const { page, errors } = await freshPage();
    // this month in the organisation's zone (the demo ends today)
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
      .format(new Date())
      .slice(0, 7);
    await page.goto(`${server.url}/?lang=en&period=${month}`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('E-mail').fill('admin@parcours.demo');
    await page.getByLabel('Password').fill('demo-admin-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('period') === month);
    await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor();
    expect(errors.list()).toEqual([]);
  });

  it('a throttled sign-in says how long to wait, in English and in French', async () => {
    for (const [locale, lang, button, text] of [
      ['en-GB', 'en', 'Sign in', 'Too many attempts: try again in 4 min 30 s.'],
      ['fr-FR', 'fr', 'Se connecter', 'Trop de tentatives : réessayez dans 4 min 30 s.'],
    ] as const) {
      const { page, errors } = await freshPage(locale);
      // the server's back-off answer, as it would come after many wrong passwords
      await page.route('**/api/v1/session', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '270' },
              body: JSON.stringify({ error: { code: 'too_many_attempts', message: 'wait' } }),
            })
          : route.fallback(),
      );
      errors.allow(/status of 429/);
      await page.goto(`${server.url}/login?lang=${lang}`);
      await page.locator('input[type="email"]').fill('someone@parcours.demo');
      await page.locator('input[type="password"]').fill('not the password');
      await page.getByRole('button', { name: button, exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(((await alert.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ')).toBe(text);
      expect(errors.list(), lang).toEqual([]);
      await context?.close();
      context = undefined;
    }
  });

  it('from / in a fresh browser, in French, each role lands on its own home, titled for it', async () => {
    const homes = {
      admin: { h1: 'Synthèse de direction', path: () => '/' },
      executive: { h1: 'Synthèse de direction', path: () => '/' },
      team_lead: { h1: 'mon département', path: (s: SessionInfo) => `/departments/${departmentOf(s)}` },
      agent: { h1: 'Trouver un client', path: () => '/customers' },
    } as const;
    for (const role of ['admin', 'executive', 'team_lead', 'agent'] as const) {
      const { page, errors } = await freshPage('fr-FR');
      await page.goto(`${server.url}/?lang=fr`);
      await page.getByRole('heading', { name: 'Connexion à Parcours' }).waitFor();
      await page.locator(`[data-testid="demo-account"][data-role="${role}"]`).click();
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
      const session = ZSession.parse(await (await page.request.get(`${server.url}/api/v1/session`)).json());
      expect(session.user.role).toBe(role);
      const home = homes[role];
      await page.waitForURL(
        (url) => url.pathname === home.path(session) && url.searchParams.get('lang') === 'fr',
      );
      await expect.poll(() => page.locator('h1').first().textContent()).toContain(home.h1);
      // the header names who is signed in, with their role
      await page.getByTestId('account-role').waitFor();
      if (role === 'team_lead' || role === 'agent') {
        // the cases waiting for them, on their home
        const panel = page.getByTestId('open-cases');
        await panel.locator('li[data-case], .state-box').first().waitFor();
      }
      await screenshot(page, `home-${role}`);
      expect(errors.list(), role).toEqual([]);
      await context?.close();
      context = undefined;
    }
  });

  it('from /login with no destination: the lead goes home too', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${server.url}/login?lang=en`);
    await page.locator('[data-testid="demo-account"][data-role="team_lead"]').click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/departments/'));
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('my department');
    expect(errors.list()).toEqual([]);
  });
});
