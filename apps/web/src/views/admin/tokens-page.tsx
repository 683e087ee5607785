import type { ZCreatedToken, ZToken } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { z } from 'zod';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { queryKeys, tokensQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useSingleSubmit } from '../../hooks/use-single-submit.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename } from '../../lib/csv.ts';

type Token = z.output<typeof ZToken>;
type CreatedToken = z.output<typeof ZCreatedToken>;

export function TokensPage() {
  const { t, fmt } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQuery);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: api.createToken,
    onSuccess: (token) => {
      setName('');
      setCopied(false);
      setCreated(token);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
  });
  const submitCreate = useSingleSubmit(create);
  const revoke = useMutation({
    mutationFn: api.revokeToken,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
  const nameError =
    create.error && isApiError(create.error)
      ? (create.error.details.find((d) => d.field.endsWith('name'))?.reason ?? create.error.message)
      : create.error
        ? String(create.error)
        : null;

  const columns: Column<Token>[] = [
    {
      key: 'name',
      header: t.admin.tokenName,
      cell: (k) => k.name,
      csv: (k) => k.name,
      sortValue: (k) => k.name,
    },
    {
      key: 'prefix',
      header: t.admin.column.prefix,
      cell: (k) => <code>{k.prefix}…</code>,
      csv: (k) => k.prefix,
    },
    { key: 'by', header: t.admin.column.createdBy, cell: (k) => k.created_by, csv: (k) => k.created_by },
    {
      key: 'created',
      header: t.admin.column.created,
      nowrap: true,
      cell: (k) => fmt.dateTime(k.created_at),
      csv: (k) => k.created_at,
      sortValue: (k) => k.created_at,
    },
    {
      key: 'used',
      header: t.admin.column.lastUsed,
      nowrap: true,
      cell: (k) => (k.last_used_at ? fmt.dateTime(k.last_used_at) : t.admin.never),
      csv: (k) => k.last_used_at ?? '',
      sortValue: (k) => k.last_used_at,
    },
    {
      key: 'status',
      header: t.admin.column.status,
      cell: (k) =>
        k.revoked_at ? (
          <span className="pill pill-off">
            {t.admin.revoked} · {fmt.date(k.revoked_at)}
          </span>
        ) : (
          <span className="pill pill-on">{t.admin.active}</span>
        ),
      csv: (k) => (k.revoked_at ? `revoked ${k.revoked_at}` : 'active'),
    },
    {
      key: 'actions',
      header: t.admin.column.actions,
      csv: () => '',
      cell: (k) =>
        k.revoked_at ? null : (
          <button
            type="button"
            className="btn btn-small btn-danger"
            disabled={revoke.isPending}
            onClick={() => {
              if (window.confirm(t.admin.revokeConfirm(k.name))) revoke.mutate(k.id);
            }}
          >
            {t.admin.revoke}
          </button>
        ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <h1>{t.admin.tokens}</h1>
      </div>
      <form
        className="card card-pad admin-form"
        aria-labelledby={`${id}-title`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submitCreate(name);
        }}
      >
        <h2 id={`${id}-title`}>{t.admin.newToken}</h2>
        <div className="admin-form-row">
          <div className="field" style={{ flex: '1 1 320px' }}>
            <label htmlFor={`${id}-name`}>{t.admin.tokenName}</label>
            <input
              id={`${id}-name`}
              className="input"
              value={name}
              autoComplete="off"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={`${id}-name-msg`}
              onChange={(e) => setName(e.target.value)}
            />
            <span id={`${id}-name-msg`} className={nameError ? 'form-error' : 'hint'}>
              {nameError ?? `${t.admin.tokenNameHint} ${t.admin.tokenScope}`}
            </span>
          </div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t.admin.creating : t.admin.create}
          </button>
        </div>
      </form>
      {created ? (
        <section
          className="secret-once"
          role="status"
          data-testid="token-secret"
          aria-labelledby={`${id}-secret`}
        >
          <h2 id={`${id}-secret`}>{t.admin.tokenCreated(created.name)}</h2>
          <p className="secret-warning">
            <strong aria-hidden="true">⚠ </strong>
            {t.admin.tokenOnce}
          </p>
          <div className="secret-row">
            <code className="secret-value" data-testid="token-value">
              {created.token}
            </code>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(created.token)
                  .then(() => setCopied(true))
                  .catch(() => undefined);
              }}
            >
              {copied ? t.admin.copied : t.admin.copy}
            </button>
            <button type="button" className="btn btn-small btn-primary" onClick={() => setCreated(null)}>
              {t.admin.dismiss}
            </button>
          </div>
        </section>
      ) : null}
      {revoke.error ? <ErrorState what={t.admin.tokens} error={revoke.error} /> : null}
      {tokens.isError ? (
        <ErrorState what={t.admin.tokens} error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : !tokens.data ? (
        <TableSkeleton label={t.state.loading} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title={t.admin.noTokens} hint={t.admin.noTokensHint} />
      ) : (
        <DataTable
          caption={t.admin.tokens}
          columns={columns}
          rows={tokens.data}
          rowKey={(k) => k.id}
          csvFilename={csvFilename(['parcours', 'api-tokens'])}
          testId="tokens-table"
          summary={t.admin.tokenCount(fmt.integer(tokens.data.length))}
          rowAttributes={(k) => ({ 'data-token': k.id })}
        />
      )}
    </>
  );
}
