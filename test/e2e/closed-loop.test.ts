/**
 * Closing the loop end to end, in a real Chromium against the real server and the demo data:
 * an administrator creates an ingestion token, a detractor answer arrives through the
 * ingestion API, the demo's alert rule opens a case, the team lead finds it in /cases,
 * assigns it, adds a note and closes it with a root cause and a resolution, and the
 * follow-up rate of the answer's day changes. Screenshots: test-results/screenshots/closed-loop-*.png.
 */
import { ZCaseList, ZCreatedToken, ZCustomerProfile, ZKpiResponse } from '@parcours/domain';
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

const LEAD = { email: 'responsable@parcours.demo', password: 'demo-lead-2026' };
const AGENT = { email: 'agent@parcours.demo', password: 'demo-agent-2026' };
const CUSTOMER = 'C000001';
const TOUCHPOINT = 'tp-centre-appels';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;
let errors: ReturnType<typeof watchErrors>;

/** a full-page screenshot from the top, with no focus ring left on a clicked control */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await screenshot(page, name);
}

/** An API session of the administrator: its cookie and CSRF token. */
async function adminSession(): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

/** yyyy-mm-dd in the organisation's time zone */
function parisDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(ms));
}

async function followUp(
  admin: { cookie: string },
  day: string,
  next: string,
): Promise<{ value: number | null; n: number }> {
  const response = await fetch(
    `${server.url}/api/v1/kpis?from=${day}&to=${next}&kpis=follow_up_rate&compare=false&touchpoint=${TOUCHPOINT}`,
    { headers: { cookie: admin.cookie } },
  );
  expect(response.status).toBe(200);
  const kpis = ZKpiResponse.parse(await response.json());
  const rate = kpis.total.follow_up_rate;
  return { value: rate?.value ?? null, n: rate?.n ?? 0 };
}

describe('closing the loop in Chromium', () => {
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
  });

  it('turns an ingested detractor answer into a case the team lead assigns, notes and closes', async () => {
    const admin = await adminSession();
    const json = { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf };

    // an ingestion token, through the API
    const created = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'e2e closed loop' }),
    });
    expect(created.status).toBe(201);
    const token = ZCreatedToken.parse(await created.json()).token;

    // the demo has a rule on call-centre NPS detractors; create it if it is gone
    const rules = (await (await fetch(`${server.url}/api/v1/alert-rules`, { headers: json })).json()) as {
      name: string;
      id: string;
    }[];
    let rule = rules.find((r) => r.name.startsWith('Détracteurs NPS'));
    if (!rule) {
      const response = await fetch(`${server.url}/api/v1/alert-rules`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          name: "Détracteurs NPS — Centre d'appels",
          target: 'feedback',
          conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }],
          touchpoint_ids: [TOUCHPOINT],
          assign_team_id: 'sc-lyon',
          due_hours: 48,
        }),
      });
      expect(response.status).toBe(201);
      rule = (await response.json()) as { name: string; id: string };
    }

    const submitted = Date.now() - 60 * 60_000;
    const day = parisDay(submitted);
    const next = parisDay(submitted + 86_400_000);
    const before = await followUp(admin, day, next);

    // a detractor answer through the ingestion API, with the token
    const ingested = await fetch(`${server.url}/api/v1/ingest/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        records: [
          {
            id: 'E2E-CLOSED-LOOP-1',
            customer_id: CUSTOMER,
            touchpoint_id: TOUCHPOINT,
            submitted_at: new Date(submitted).toISOString(),
            survey: 'nps',
            score: 2,
            comment: 'Quarante minutes d’attente et personne ne rappelle.',
          },
        ],
      }),
    });
    expect(ingested.status).toBe(200);
    const afterIngest = await followUp(admin, day, next);
    expect(afterIngest.n).toBe(before.n + 1);

    const cases = ZCaseList.parse(
      await (
        await fetch(`${server.url}/api/v1/cases?customer=${CUSTOMER}&rule=${rule.id}&status=open`, {
          headers: { cookie: admin.cookie },
        })
      ).json(),
    );
    const opened = cases.items.find((c) => c.recordId === 'E2E-CLOSED-LOOP-1');
    // the demo's names depend on the day it was generated: read the customer's from the data
    const customer = ZCustomerProfile.parse(
      await (
        await fetch(`${server.url}/api/v1/customers/${CUSTOMER}`, { headers: { cookie: admin.cookie } })
      ).json(),
    ).customer;
    expect(opened).toBeDefined();
    const caseId = opened?.id ?? '';

    // the team lead, in Chromium
    context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-GB' });
    await signIn(context, server.url, LEAD);
    const page: Page = await context.newPage();
    errors = watchErrors(page);
    // the lead is told of the new case (every user of its team is)
    const unreadFor = async () => {
      const response = await context?.request.get(`${server.url}/api/v1/notifications?unread=true&limit=200`);
      const body = (await response?.json()) as { items: { case: { id: string } }[] };
      return body.items.filter((n) => n.case.id === caseId).length;
    };
    expect(await unreadFor()).toBe(1);

    await page.goto(`${server.url}/cases?lang=en&team=sc-lyon&owner=none`);
    const row = page.locator(`tr[data-case="${caseId}"]`);
    await row.waitFor();
    expect(await page.getByTestId('nav-cases').textContent()).toContain('Follow-up');
    expect(await row.textContent()).toContain(customer.name);
    await shoot(page, 'closed-loop-queue');

    // the customer's page puts the open case first, before the profile and the timeline
    await row.getByTestId('customer-link').click();
    await page.waitForURL((url) => url.pathname === `/customers/${CUSTOMER}`);
    await page.getByTestId('open-cases').locator(`li[data-case="${caseId}"]`).waitFor();
    await shoot(page, 'closed-loop-customer');
    await page.goBack();
    await row.waitFor();

    await row.getByTestId('case-link').click();
    await page.getByTestId('case-actions').waitFor();
    // opening the case reads the lead's notification of it
    await expect.poll(unreadFor).toBe(0);
    expect(await page.getByTestId('case-facts').textContent()).toContain('Quarante minutes');
    await shoot(page, 'closed-loop-case');

    // assign to the one person of the call-centre team
    await page.getByLabel('Assign to').selectOption({ label: 'Karim Responsable' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-owner').textContent()).toBe('Karim Responsable');

    // a note
    await page.getByLabel('Note', { exact: true }).fill('Client rappelé, il attend un geste commercial.');
    await page.getByRole('button', { name: 'Add a note' }).click();
    await expect
      .poll(() => page.getByTestId('case-events').textContent())
      .toContain('Client rappelé, il attend un geste commercial.');

    // closing without a root cause or a resolution is refused, with the reasons shown
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByText('Choose the root cause.').waitFor();
    await page.getByText('Say how it was resolved.').waitFor();
    await shoot(page, 'closed-loop-validation');

    await page.getByLabel('Root cause').selectOption('wait');
    await page.getByLabel('Resolution').fill('Rappel fait, bon d’achat de 20 € envoyé.');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('Closed');
    await shoot(page, 'closed-loop-closed');

    // the root causes of the closed cases, on the journey page
    await page.goto(`${server.url}/journey?lang=en`);
    const pareto = page.getByTestId('pareto-root-causes');
    await pareto.locator('svg.recharts-surface').first().waitFor();
    expect(await pareto.textContent()).toContain('Waiting time');
    await shoot(page, 'closed-loop-pareto');

    const after = await followUp(admin, day, next);
    expect(after.n).toBe(afterIngest.n);
    expect(after.value).not.toBe(afterIngest.value);
    expect(after.value ?? 0).toBeGreaterThan(afterIngest.value ?? 0);
    expect(errors.list()).toEqual([]);
  }, 180_000);

  it('starts an agent on their own cases, in French', async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'fr-FR' });
    await signIn(context, server.url, AGENT);
    const page: Page = await context.newPage();
    errors = watchErrors(page);

    await page.goto(`${server.url}/cases?lang=fr`);
    await page.getByRole('heading', { name: 'Mes cas', level: 1 }).waitFor();
    expect(await page.getByLabel('Responsable').inputValue()).toBe('me');
    expect(await page.getByTestId('nav-cases').textContent()).toContain('Suivi');
    await page.getByTestId('cases-table').or(page.getByText('Aucun cas ici.')).first().waitFor();
    await shoot(page, 'closed-loop-agent');

    // everyone's cases of the team: a choice away, kept in the URL
    await page.getByLabel('Responsable').selectOption('all');
    await page.getByRole('heading', { name: 'Cas à suivre', level: 1 }).waitFor();
    expect(page.url()).toContain('owner=all');

    expect(errors.list()).toEqual([]);
  }, 120_000);
});
