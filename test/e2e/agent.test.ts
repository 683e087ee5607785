/**
 * The agent on the phone, in Chromium against the demo: a first-time caller whom the agent's
 * team has never dealt with is identified by their exact e-mail, and their page opens
 * (decision 017). The customer is chosen from the data, never by a demo name: the demo is
 * generated relative to today.
 */
import { ZCustomerList } from '@parcours/domain';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ADMIN,
  launchBrowser,
  type RunningServer,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext | undefined;

/** every customer id a session's search lists, page by page */
async function listedIds(get: (path: string) => Promise<unknown>): Promise<Map<string, string | null>> {
  const ids = new Map<string, string | null>();
  for (let page = 1; ; page++) {
    const list = ZCustomerList.parse(await get(`/api/v1/customers?pageSize=500&page=${page}`));
    for (const c of list.items) ids.set(c.id, c.email);
    if (page * list.pageSize >= list.total) return ids;
  }
}

describe('the agent on the phone', () => {
  beforeAll(async () => {
    server = await startServer({ size: 'small' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('identifies a caller outside their scope by exact e-mail and opens their page', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // the agent, from / in a fresh browser, by the demo account
    await page.goto(`${server.url}/?lang=en`);
    await page.locator('[data-testid="demo-account"][data-role="agent"]').click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/customers');
    await page.getByRole('heading', { name: 'Find a customer', level: 1 }).waitFor();

    // a customer with an e-mail whom the agent's team never dealt with, read from the data
    const asAgent = async (path: string) => (await page.request.get(`${server.url}${path}`)).json();
    const admin = await browser.newContext();
    const login = await admin.request.post(`${server.url}/api/v1/session`, { data: DEMO_ADMIN });
    expect(login.ok()).toBe(true);
    const asAdmin = async (path: string) => (await admin.request.get(`${server.url}${path}`)).json();
    const mine = await listedIds(asAgent);
    const everyone = await listedIds(asAdmin);
    await admin.close();
    const stranger = [...everyone].find(([id, email]) => !mine.has(id) && email);
    if (!stranger) throw new Error('every demo customer with an e-mail has dealt with the agent’s team');
    const [strangerId, strangerEmail] = stranger;

    // a part of the name finds nobody outside the scope; the exact e-mail identifies the caller
    await page.getByLabel('Search customers').fill((strangerEmail ?? '').toUpperCase());
    await page.getByRole('button', { name: 'Search' }).click();
    const notice = page.getByTestId('caller-identified');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('the lookup is recorded in the audit trail');
    await screenshot(page, 'agent-caller-identified');
    await notice.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/customers/${encodeURIComponent(strangerId)}`);
    await page.getByTestId('timeline').waitFor();
    expect(errors.list()).toEqual([]);
  });
});
