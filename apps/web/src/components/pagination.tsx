import { lastListedPage } from '@parcours/domain';
import { useI18n } from '../i18n/i18n-context.tsx';

export function Pagination(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t, fmt } = useI18n();
  // the server lists the first rows only (COST_LIMITS.listDepth): offer no page past them
  const pages = lastListedPage(props.total, props.pageSize);
  const cut = pages < Math.ceil(props.total / props.pageSize);
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t.table.pagination}>
      <button
        type="button"
        className="btn btn-small"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        {t.table.previous}
      </button>
      <span className="num" aria-current="page">
        {t.table.page(fmt.integer(props.page), fmt.integer(pages))}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {t.table.next}
      </button>
      {cut ? <span className="muted">{t.table.listCut(fmt.integer(pages * props.pageSize))}</span> : null}
    </nav>
  );
}
