/**
 * Runs first (imported by the small entry, before the app is loaded): asks for the settings
 * and, on the overview, the KPI figures while the app's JavaScript is still loading, so the
 * tiles show sooner. It reads the URL the way the app does; if they ever disagree, the app
 * simply asks again and this answer goes unused. Signed out, it asks nothing.
 */
import { startEarly } from './api/early-fetch.ts';
import { overviewKpiUrl, rememberedZone, todayIn } from './api/early-urls.ts';
import { hasSessionHint } from './api/session.ts';

// signed out, the app goes to the sign-in page: asking now would only earn a 401
if (hasSessionHint()) {
  startEarly('/api/v1/settings');
  if (location.pathname === '/') startEarly(overviewKpiUrl(location.search, todayIn(rememberedZone())));
}
