import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n-context.tsx';
import { EmptyState } from './states.tsx';

export function NotFound() {
  const { t } = useI18n();
  return (
    <EmptyState
      title={t.app.notFoundTitle}
      hint={t.app.notFoundBody}
      action={
        <Link to="/" className="btn">
          {t.app.backHome}
        </Link>
      }
    />
  );
}
