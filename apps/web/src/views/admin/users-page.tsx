import { ROLES, type Role, type User } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api, type NewUser } from '../../api/endpoints.ts';
import { queryKeys, referenceQuery, sessionQuery, usersQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useSingleSubmit } from '../../hooks/use-single-submit.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { capitalised } from '../../lib/access.ts';
import { csvFilename } from '../../lib/csv.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

const FIELDS = ['email', 'name', 'role', 'team_id', 'password'] as const;
const needsTeam = (role: Role) => role === 'team_lead' || role === 'agent';

type TeamChoice = { id: string; label: string };

function TeamSelect(props: {
  id: string;
  value: string;
  teams: readonly TeamChoice[];
  onChange: (v: string) => void;
  invalid?: boolean;
  describedBy?: string;
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <select
      id={props.id}
      className="select"
      value={props.value}
      aria-label={props.label}
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">{t.admin.noTeam}</option>
      {props.teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.label}
        </option>
      ))}
    </select>
  );
}

function RoleSelect(props: {
  id: string;
  value: Role;
  onChange: (v: Role) => void;
  invalid?: boolean;
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <select
      id={props.id}
      className="select"
      value={props.value}
      aria-label={props.label}
      aria-invalid={props.invalid ? true : undefined}
      onChange={(e) => props.onChange(e.target.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {capitalised(t.auth.roles[r])}
        </option>
      ))}
    </select>
  );
}

export function UsersPage() {
  const { t, fmt } = useI18n();
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const reference = useQuery(referenceQuery);
  const me = useQuery(sessionQuery).data?.user.id;
  const [editing, setEditing] = useState<{ id: string; role: Role; team: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const teams: TeamChoice[] = (reference.data?.teams ?? []).map((team) => {
    const dept = reference.data?.departments.find((d) => d.id === team.department_id)?.name;
    return { id: team.id, label: dept ? `${dept} · ${team.name}` : team.name };
  });
  const teamName = (id: string | null) => (id ? (teams.find((x) => x.id === id)?.label ?? id) : t.admin.none);

  const update = useMutation({
    mutationFn: (p: { id: string; patch: Parameters<typeof api.updateUser>[1] }) =>
      api.updateUser(p.id, p.patch),
    onSuccess: (user) => {
      setEditing(null);
      setNotice(t.admin.updated(user.email));
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: t.admin.column.name,
      cell: (u) => (
        <>
          {u.name}
          {u.id === me ? <span className="muted"> ({t.admin.self})</span> : null}
        </>
      ),
      csv: (u) => u.name,
      sortValue: (u) => u.name,
    },
    {
      key: 'email',
      header: t.admin.column.email,
      cell: (u) => u.email,
      csv: (u) => u.email,
      sortValue: (u) => u.email,
    },
    {
      key: 'role',
      header: t.admin.column.role,
      cell: (u) =>
        editing?.id === u.id ? (
          <RoleSelect
            id={`role-${u.id}`}
            label={t.admin.column.role}
            value={editing.role}
            onChange={(role) => setEditing({ ...editing, role })}
          />
        ) : (
          capitalised(t.auth.roles[u.role])
        ),
      csv: (u) => u.role,
      sortValue: (u) => u.role,
    },
    {
      key: 'team',
      header: t.admin.column.team,
      cell: (u) =>
        editing?.id === u.id ? (
          <TeamSelect
            id={`team-${u.id}`}
            label={t.admin.column.team}
            value={editing.team}
            teams={teams}
            onChange={(team) => setEditing({ ...editing, team })}
          />
        ) : (
          teamName(u.team_id)
        ),
      csv: (u) => u.team_id ?? '',
      sortValue: (u) => teamName(u.team_id),
    },
    {
      key: 'status',
      header: t.admin.column.status,
      cell: (u) => (
        <span className={`pill ${u.disabled ? 'pill-off' : 'pill-on'}`}>
          {u.disabled ? t.admin.disabled : t.admin.active}
        </span>
      ),
      csv: (u) => (u.disabled ? 'disabled' : 'active'),
      sortValue: (u) => (u.disabled ? 1 : 0),
    },
    {
      key: 'created',
      header: t.admin.column.created,
      nowrap: true,
      cell: (u) => fmt.date(u.created_at),
      csv: (u) => u.created_at,
      sortValue: (u) => u.created_at,
    },
    {
      key: 'actions',
      header: t.admin.column.actions,
      csv: () => '',
      cell: (u) =>
        editing?.id === u.id ? (
          <span className="row-actions">
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={update.isPending}
              onClick={() =>
                update.mutate({
                  id: u.id,
                  patch: { role: editing.role, team_id: editing.team === '' ? null : editing.team },
                })
              }
            >
              {t.admin.save}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
              {t.admin.cancel}
            </button>
          </span>
        ) : (
          <span className="row-actions">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                update.reset();
                setEditing({ id: u.id, role: u.role, team: u.team_id ?? '' });
              }}
            >
              {t.admin.edit}
            </button>
            {u.id === me ? null : (
              <button
                type="button"
                className={`btn btn-small${u.disabled ? '' : ' btn-danger'}`}
                disabled={update.isPending}
                onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })}
              >
                {u.disabled ? t.admin.enable : t.admin.disable}
              </button>
            )}
          </span>
        ),
    },
  ];

  const updateError = update.error
    ? isApiError(update.error) && update.error.details.length > 0
      ? update.error.details.map((d) => `${d.field}: ${d.reason}`).join('; ')
      : update.error.message
    : null;

  return (
    <>
      <div className="page-head">
        <h1>{t.admin.users}</h1>
      </div>
      <NewUserForm teams={teams} onCreated={(email) => setNotice(t.admin.created(email))} />
      {notice ? (
        <p className="notice notice-success admin-notice" role="status">
          {notice}
        </p>
      ) : null}
      {updateError ? (
        <p className="notice notice-error admin-notice" role="alert">
          {updateError}
        </p>
      ) : null}
      {users.isError ? (
        <ErrorState what={t.admin.users} error={users.error} onRetry={() => void users.refetch()} />
      ) : !users.data ? (
        <TableSkeleton label={t.state.loading} />
      ) : (
        <DataTable
          caption={t.admin.users}
          columns={columns}
          rows={users.data}
          rowKey={(u) => u.id}
          csvFilename={csvFilename(['parcours', 'users'])}
          testId="users-table"
          summary={t.admin.userCount(fmt.integer(users.data.length))}
          rowAttributes={(u) => ({ 'data-user': u.email })}
        />
      )}
    </>
  );
}

const EMPTY: NewUser = { email: '', name: '', role: 'agent', team_id: null, password: '' };

function NewUserForm({ teams, onCreated }: { teams: TeamChoice[]; onCreated: (email: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewUser>(EMPTY);
  const create = useMutation({
    mutationFn: api.createUser,
    onSuccess: (user) => {
      setForm(EMPTY);
      onCreated(user.email);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
  const submitCreate = useSingleSubmit(create);
  const errors =
    create.error && isApiError(create.error)
      ? fieldErrors(create.error.details, FIELDS)
      : { byField: {} as Record<string, string>, other: [] };
  const general =
    create.error && (!isApiError(create.error) || create.error.details.length === 0)
      ? create.error.message
      : null;
  const field = (
    name: (typeof FIELDS)[number],
    label: string,
    input: (invalid: boolean, describedBy: string) => React.ReactNode,
    hint?: string,
  ) => {
    const error = errors.byField[name];
    const describedBy = `${id}-${name}-msg`;
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {input(Boolean(error), describedBy)}
        {error ? (
          <span id={describedBy} className="form-error" data-field-error={name}>
            {error}
          </span>
        ) : hint ? (
          <span id={describedBy} className="hint">
            {hint}
          </span>
        ) : null}
      </div>
    );
  };
  const text = (name: 'email' | 'name' | 'password', type: string, autoComplete: string) =>
    function TextInput(invalid: boolean, describedBy: string) {
      return (
        <input
          id={`${id}-${name}`}
          className="input"
          type={type}
          value={form[name]}
          autoComplete={autoComplete}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      );
    };
  return (
    <form
      className="card card-pad admin-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submitCreate(form);
      }}
    >
      <h2 id={`${id}-title`}>{t.admin.newUser}</h2>
      {errors.other.length > 0 || general ? (
        <p className="notice notice-error" role="alert">
          {general ?? t.admin.fixFields} {errors.other.join('; ')}
        </p>
      ) : Object.keys(errors.byField).length > 0 ? (
        <p className="form-error" role="alert">
          {t.admin.fixFields}
        </p>
      ) : null}
      <div className="admin-form-grid">
        {field('email', t.admin.column.email, text('email', 'email', 'off'))}
        {field('name', t.admin.column.name, text('name', 'text', 'off'))}
        {field('role', t.admin.column.role, (invalid) => (
          <RoleSelect
            id={`${id}-role`}
            value={form.role}
            invalid={invalid}
            onChange={(role) => setForm({ ...form, role })}
          />
        ))}
        {field(
          'team_id',
          t.admin.column.team,
          (invalid, describedBy) => (
            <TeamSelect
              id={`${id}-team_id`}
              value={form.team_id ?? ''}
              teams={teams}
              invalid={invalid}
              describedBy={describedBy}
              onChange={(team) => setForm({ ...form, team_id: team === '' ? null : team })}
            />
          ),
          needsTeam(form.role) ? t.admin.teamHint : undefined,
        )}
        {field(
          'password',
          t.admin.password,
          text('password', 'password', 'new-password'),
          t.admin.passwordHint,
        )}
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? t.admin.creating : t.admin.create}
        </button>
      </div>
    </form>
  );
}
