import type { CustomerItem, FeedbackItem, InteractionItem, RecordItem } from '@parcours/domain';
import { DataTable } from '../../components/data-table.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { customerColumns, feedbackColumns, interactionColumns, recordKey } from './record-columns.tsx';

/** The drill-down table: its columns follow the kind of records behind the KPI. */
export function RecordsTable(props: {
  items: readonly RecordItem[];
  caption: string;
  csvFilename: string;
  lang: 'fr' | 'en' | undefined;
  summary: string;
}) {
  const { t, fmt } = useI18n();
  const ctx = { t, fmt, lang: props.lang };
  const kind = props.items[0]?.type ?? 'feedback';
  const common = {
    caption: props.caption,
    csvFilename: props.csvFilename,
    rowKey: recordKey,
    testId: 'records-table',
    summary: props.summary,
  };
  if (kind === 'feedback') {
    const rows = props.items.filter((i): i is FeedbackItem => i.type === 'feedback');
    return (
      <DataTable
        {...common}
        columns={feedbackColumns(ctx)}
        rows={rows}
        rowAttributes={(r) => ({ 'data-score': String(r.score) })}
      />
    );
  }
  if (kind === 'interaction') {
    const rows = props.items.filter((i): i is InteractionItem => i.type === 'interaction');
    return <DataTable {...common} columns={interactionColumns(ctx, rows)} rows={rows} />;
  }
  const rows = props.items.filter((i): i is CustomerItem => i.type === 'customer');
  return <DataTable {...common} columns={customerColumns(ctx)} rows={rows} />;
}
