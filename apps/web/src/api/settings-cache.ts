import { type Settings, ZSettings } from '@parcours/domain';

const KEY = 'parcours.settings';

/** The last settings seen, so the first paint can use the organisation's time zone and currency at once. */
export function cachedSettings(): Settings | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return undefined;
    const parsed = ZSettings.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function cacheSettings(settings: Settings): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // storage may be disabled
  }
}
