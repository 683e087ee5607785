/** In-app notifications: what is new for each user (written with the case events). */
import type { CaseStatus, NotificationList, NotificationType, Scope } from '@parcours/domain';
import { caseSummary, isOverdue, toIso } from '@parcours/domain';
import { type Kysely, sql } from 'kysely';
import { loadOrg } from '../queries/reference.ts';
import { scopeTeams } from '../queries/scope.ts';
import type { DB } from '../schema.ts';

/**
 * The user's notifications, newest first, about cases they may still see (a user who moved
 * to another team no longer reads about the old team's customers).
 */
export async function listNotifications(
  db: Kysely<DB>,
  zone: string,
  user: { id: string; scope: Scope },
  q: { unread?: 'true' | 'false'; before?: string; limit: number },
  now = Date.now(),
): Promise<NotificationList> {
  const org = await loadOrg(db);
  let query = db
    .selectFrom('notifications as n')
    .innerJoin('cases as k', 'k.id', 'n.case_id')
    .innerJoin('alert_rules as r', 'r.id', 'k.rule_id')
    .innerJoin('customers as cu', 'cu.id', 'k.customer_id')
    .leftJoin('feedback as f', (j) =>
      j.onRef('f.id', '=', 'k.record_id').on('k.record_type', '=', 'feedback'),
    )
    .leftJoin('interactions as i', (j) =>
      j.onRef('i.id', '=', 'k.record_id').on('k.record_type', '=', 'interaction'),
    )
    .where('n.user_id', '=', user.id);
  const allowed = scopeTeams(user.scope, org);
  if (allowed) query = query.where('k.team_id', 'in', allowed.size ? [...allowed] : ['']);
  if (q.unread === 'true') query = query.where('n.read_at', 'is', null);
  if (q.unread === 'false') query = query.where('n.read_at', 'is not', null);
  if (q.before) query = query.where('n.id', '<', q.before);
  const rows = await query
    .select([
      'n.id',
      'n.type',
      'n.at',
      'n.read_at',
      'k.id as case_id',
      'k.status',
      'k.team_id',
      'k.due_at',
      'k.record_type',
      'k.touchpoint_id',
      'k.record_team_id',
      'r.name as rule_name',
      'cu.name as customer_name',
      'f.survey',
      'f.score',
      'f.comment',
      'i.kind',
      'i.wait_seconds',
      'i.abandoned',
    ])
    .orderBy('n.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const unread = await unreadCount(db, user.id, allowed);
  const page = rows.slice(0, q.limit);
  return {
    unread,
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    items: page.map((r) => ({
      id: r.id,
      type: r.type as NotificationType,
      at: toIso(Number(r.at), zone),
      read: r.read_at !== null,
      case: {
        id: r.case_id,
        status: r.status as CaseStatus,
        overdue: isOverdue({ status: r.status, due_at: Number(r.due_at) }, now),
        teamId: r.team_id,
        teamName: org.teams.get(r.team_id)?.name ?? r.team_id,
        ruleName: r.rule_name,
        customerName: r.customer_name,
        summary: caseSummary(
          r.record_type === 'feedback' && r.survey !== null && r.score !== null
            ? {
                type: 'feedback',
                touchpoint_id: r.touchpoint_id,
                team_id: r.record_team_id,
                survey: r.survey,
                score: Number(r.score),
                comment: r.comment,
              }
            : r.kind !== null
              ? {
                  type: 'interaction',
                  touchpoint_id: r.touchpoint_id,
                  team_id: r.record_team_id,
                  kind: r.kind,
                  wait_seconds: r.wait_seconds,
                  abandoned: r.abandoned === null ? null : Number(r.abandoned) === 1,
                }
              : null,
        ),
        dueAt: toIso(Number(r.due_at), zone),
      },
    })),
  };
}

/** Marks the user's notifications read (some, or all); answers how many stay unread. */
async function unreadCount(db: Kysely<DB>, userId: string, allowed: Set<string> | null): Promise<number> {
  let q = db
    .selectFrom('notifications as n')
    .innerJoin('cases as k', 'k.id', 'n.case_id')
    .select(sql<number>`count(*)`.as('n'))
    .where('n.user_id', '=', userId)
    .where('n.read_at', 'is', null);
  if (allowed) q = q.where('k.team_id', 'in', allowed.size ? [...allowed] : ['']);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** Marks the user's notifications read (some, or all); answers how many stay unread. */
export async function markNotificationsRead(
  db: Kysely<DB>,
  user: { id: string; scope: Scope },
  which: { ids?: string[]; all?: true },
  now = Date.now(),
): Promise<{ unread: number }> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', user.id)
    .where('read_at', 'is', null);
  if (!which.all) q = q.where('id', 'in', which.ids ?? []);
  await q.execute();
  return { unread: await unreadCount(db, user.id, scopeTeams(user.scope, await loadOrg(db))) };
}
