/**
 * The dashboard's speed, measured (never asserted in tests): the overview route's initial
 * JavaScript gzipped, and the time from the start of navigation to the KPI tiles in a fresh
 * Chromium profile, on the default demo data (median of 5 visits after one warm-up).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, ROOT, signIn, startServer } from '../e2e/harness.ts';

export type WebFigures = { bundle: string; tilesMedianMs: number; tilesP95Ms: number; runs: number[] };

export async function measureWeb(runs = 5): Promise<WebFigures | null> {
  if (!existsSync('/usr/bin/chromium') || !existsSync(join(ROOT, 'apps/web/dist/index.html'))) return null;
  const bundle =
    execFileSync(process.execPath, [join(ROOT, 'apps/web/scripts/bundle-size.mjs')], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.trim().startsWith('total'))
      ?.trim() ?? 'unknown';
  const server = await startServer({ size: 'default' });
  const browser = await launchBrowser();
  try {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      await signIn(context, server.url);
      await context.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-kpi="nps"] [data-testid="kpi-value"]')) {
            document.documentElement.dataset.tilesAt = String(Math.round(performance.now()));
            observer.disconnect();
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/?lang=en`, { waitUntil: 'commit' });
      await page.locator('[data-kpi="nps"] [data-testid="kpi-value"]').waitFor({ timeout: 60_000 });
      const at = Number(await page.locator('html').getAttribute('data-tiles-at'));
      // the first visit warms the server up after its demo import
      if (i > 0) times.push(at);
      await page.waitForLoadState('networkidle');
      await context.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
    return { bundle, tilesMedianMs: at(0.5), tilesP95Ms: at(0.95), runs: times };
  } finally {
    await browser.close();
    await server.stop();
  }
}
