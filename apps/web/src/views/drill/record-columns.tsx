import type { CustomerItem, FeedbackItem, InteractionItem, RecordItem } from '@parcours/domain';
import { Link } from '@tanstack/react-router';
import type { Column } from '../../components/data-table.tsx';
import type { I18n } from '../../i18n/i18n-context.tsx';
import { ScorePill } from './score-pill.tsx';

type Ctx = Pick<I18n, 't' | 'fmt'> & { lang: 'fr' | 'en' | undefined };

function customerLink(ctx: Ctx, id: string, name: string, focus?: string) {
  return (
    <Link
      to="/customers/$customerId"
      params={{ customerId: id }}
      search={{ lang: ctx.lang, focus }}
      title={ctx.t.drill.customerLink(name)}
      data-testid="customer-link"
    >
      {name}
    </Link>
  );
}

const yesNo = (ctx: Ctx, v: boolean | null) => (v === null ? '' : v ? ctx.t.yesNo.yes : ctx.t.yesNo.no);

export function feedbackColumns(ctx: Ctx): Column<FeedbackItem>[] {
  const { t, fmt } = ctx;
  return [
    {
      key: 'date',
      header: t.column.date,
      nowrap: true,
      cell: (r) => fmt.dateTime(r.submittedAt),
      csv: (r) => r.submittedAt,
    },
    {
      key: 'customer',
      header: t.column.customer,
      cell: (r) => customerLink(ctx, r.customerId, r.customerName, r.id),
      csv: (r) => r.customerName,
    },
    {
      key: 'score',
      header: t.column.score,
      cell: (r) => <ScorePill survey={r.survey} score={r.score} />,
      csv: (r) => r.score,
    },
    { key: 'survey', header: t.column.survey, cell: (r) => t.survey[r.survey], csv: (r) => r.survey },
    {
      key: 'comment',
      header: t.column.comment,
      cell: (r) => (r.comment ? <p className="comment">{r.comment}</p> : <span className="muted">—</span>),
      csv: (r) => r.comment,
    },
    {
      key: 'touchpoint',
      header: t.column.touchpoint,
      cell: (r) => r.touchpointName,
      csv: (r) => r.touchpointName,
    },
    { key: 'team', header: t.column.team, cell: (r) => r.teamName, csv: (r) => r.teamName },
    { key: 'mode', header: t.column.mode, cell: (r) => t.mode[r.mode], csv: (r) => r.mode },
  ];
}

export function interactionColumns(ctx: Ctx, items: readonly InteractionItem[]): Column<InteractionItem>[] {
  const { t, fmt } = ctx;
  const has = (pick: (i: InteractionItem) => unknown) => items.some((i) => pick(i) !== null);
  const columns: Column<InteractionItem>[] = [
    {
      key: 'date',
      header: t.column.date,
      nowrap: true,
      cell: (r) => fmt.dateTime(r.occurredAt),
      csv: (r) => r.occurredAt,
    },
    {
      key: 'customer',
      header: t.column.customer,
      cell: (r) => customerLink(ctx, r.customerId, r.customerName, r.id),
      csv: (r) => r.customerName,
    },
    { key: 'kind', header: t.column.kind, cell: (r) => t.kind[r.kind] ?? r.kind, csv: (r) => r.kind },
    {
      key: 'touchpoint',
      header: t.column.touchpoint,
      cell: (r) => r.touchpointName,
      csv: (r) => r.touchpointName,
    },
    { key: 'team', header: t.column.team, cell: (r) => r.teamName, csv: (r) => r.teamName },
  ];
  if (has((i) => i.waitSeconds))
    columns.push({
      key: 'wait',
      header: t.column.wait,
      numeric: true,
      cell: (r) => (r.waitSeconds === null ? '' : fmt.duration(r.waitSeconds)),
      csv: (r) => r.waitSeconds,
    });
  if (has((i) => i.resolutionSeconds))
    columns.push({
      key: 'resolution',
      header: t.column.resolution,
      numeric: true,
      cell: (r) => (r.resolutionSeconds === null ? '' : fmt.duration(r.resolutionSeconds)),
      csv: (r) => r.resolutionSeconds,
    });
  if (has((i) => i.revenue))
    columns.push({
      key: 'revenue',
      header: t.column.revenue,
      numeric: true,
      cell: (r) => (r.revenue === null ? '' : fmt.money(r.revenue)),
      csv: (r) => r.revenue,
    });
  if (has((i) => i.abandoned))
    columns.push({
      key: 'abandoned',
      header: t.column.abandoned,
      cell: (r) => yesNo(ctx, r.abandoned),
      csv: (r) => r.abandoned,
    });
  if (has((i) => i.converted))
    columns.push({
      key: 'converted',
      header: t.column.converted,
      cell: (r) => yesNo(ctx, r.converted),
      csv: (r) => r.converted,
    });
  return columns;
}

export function customerColumns(ctx: Ctx): Column<CustomerItem>[] {
  const { t, fmt } = ctx;
  return [
    {
      key: 'name',
      header: t.column.name,
      cell: (r) => customerLink(ctx, r.id, r.name),
      csv: (r) => r.name,
      sortValue: (r) => r.name,
    },
    {
      key: 'email',
      header: t.column.email,
      cell: (r) => r.email ?? '',
      csv: (r) => r.email,
      sortValue: (r) => r.email,
    },
    {
      key: 'segment',
      header: t.column.segment,
      cell: (r) => r.segment ?? '',
      csv: (r) => r.segment,
      sortValue: (r) => r.segment,
    },
    {
      key: 'region',
      header: t.column.region,
      cell: (r) => r.region ?? '',
      csv: (r) => r.region,
      sortValue: (r) => r.region,
    },
    {
      key: 'acquired',
      header: t.column.acquired,
      cell: (r) => (r.acquiredAt ? fmt.date(r.acquiredAt) : ''),
      csv: (r) => r.acquiredAt,
      sortValue: (r) => r.acquiredAt,
    },
    {
      key: 'churned',
      header: t.column.churned,
      cell: (r) => (r.churnedAt ? fmt.date(r.churnedAt) : ''),
      csv: (r) => r.churnedAt,
      sortValue: (r) => r.churnedAt,
    },
  ];
}

export function recordKey(item: RecordItem): string {
  return `${item.type}:${item.id}`;
}
