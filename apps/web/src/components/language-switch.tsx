import { useNavigate } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LOCALES, type Locale, rememberLocale } from '../i18n/locale.ts';

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const navigate = useNavigate();
  const choose = (next: Locale) => {
    rememberLocale(next);
    void navigate({
      to: '.',
      search: (prev: Record<string, unknown>) => ({ ...prev, lang: next }),
      replace: true,
    });
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form fieldset
    <div className="lang-switch" role="group" aria-label={t.lang.label}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          aria-label={t.lang[l]}
          title={t.lang[l]}
          onClick={() => choose(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
