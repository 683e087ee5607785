export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'parcours.lang';

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** fr for any French browser language, en otherwise */
export function localeFromLanguage(language: string | undefined): Locale {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function storedLocale(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // storage can be disabled: the URL still carries the choice
  }
}

/** The URL's choice first, then the remembered one, then the browser's language. */
export function resolveLocale(fromUrl: Locale | undefined): Locale {
  return fromUrl ?? storedLocale() ?? localeFromLanguage(globalThis.navigator?.language);
}
