/**
 * End-to-end harness: the real server (built web app included) on a free port with a fresh
 * SQLite file and the demo data, and Debian's Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const WEB_DIST = join(ROOT, 'apps/web/dist');
/** the checkout whose server is started (this one unless PARCOURS_E2E_SERVER_ROOT names another) */
const SERVER_ROOT = process.env.PARCOURS_E2E_SERVER_ROOT ?? ROOT;
const CHROMIUM = process.env.PARCOURS_CHROMIUM ?? '/usr/bin/chromium';

export type RunningServer = { url: string; stop: () => Promise<void>; output: () => string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

/** Starts `parcours serve --demo` as the server README says, on a free port and a throw-away database. */
export async function startServer(
  options: { size?: 'small' | 'default' | 'large' } = {},
): Promise<RunningServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(
      'apps/web/dist is missing: run `pnpm --filter @parcours/web build` before the end-to-end tests',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'parcours-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['--import', 'tsx', 'apps/server/src/cli.ts', 'serve', '--demo'];
  if (options.size) args.push('--size', options.size);
  let log = '';
  const child = spawn(process.execPath, args, {
    cwd: SERVER_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      PARCOURS_DATABASE_URL: join(dir, 'parcours.db'),
      PARCOURS_WEB_ROOT: WEB_DIST,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const output = () => log.slice(-4000);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, output, 150_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, output };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Collects the page's uncaught errors and console errors, which fail a test unless allowed. */
export function watchErrors(page: Page): { list: () => string[]; allow: (pattern: RegExp) => void } {
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    list: () => errors.filter((e) => !allowed.some((re) => re.test(e))),
    allow: (pattern) => allowed.push(pattern),
  };
}

/** The demo administrator of `serve --demo` (README.md, "Signing in"). */
export const DEMO_ADMIN = { email: 'admin@parcours.demo', password: 'demo-admin-2026' };

/** Signs a browser context in through the API: its cookie jar then holds the session. */
export async function signIn(context: BrowserContext, url: string, user = DEMO_ADMIN): Promise<void> {
  const response = await context.request.post(`${url}/api/v1/session`, { data: user });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
}
