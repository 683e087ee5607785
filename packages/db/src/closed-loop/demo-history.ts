/**
 * Demo data only: gives the cases opened while the demo company is loaded a believable,
 * deterministic history.
 *
 * Why a dedicated function: the demo loads two years of records in a few seconds, so every
 * case is opened "now" (decision 007: `opened_at` is the record's arrival). A real case
 * history cannot be replayed through `updateCase` — it stamps every change with the current
 * time and would make every time to close zero. This function therefore rewrites, in one
 * transaction, the demo's cases as if each had been opened shortly after its record arrived:
 * old cases mostly closed (most in time, some late) with a root cause, a resolution and an
 * owner, recent ones open or in progress, a few left overdue. It is called by `seedDemo`
 * only, never by the API, and uses no randomness (a hash of the record), so two demo loads
 * give the same history.
 */
import type { RootCause } from '@parcours/domain';
import { type Database, upsertRows, writeHandle } from '../dialect.ts';
import { chunks, ID_CHUNK, timeOrderedId } from './ids.ts';
import type { CaseRow } from './tables.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** FNV-1a, as a fraction in [0, 1): the demo's only source of variation. */
export function demoFraction(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

/** Likely root causes per touchpoint family (the first is the most frequent). */
function causesFor(touchpointId: string): RootCause[] {
  if (touchpointId.includes('appel') || touchpointId.includes('chat'))
    return ['wait', 'staff', 'information', 'billing', 'other'];
  if (touchpointId.includes('application')) return ['app', 'billing', 'information', 'delivery', 'other'];
  if (touchpointId.includes('livraison') || touchpointId.includes('suivi'))
    return ['delivery', 'information', 'wait', 'other'];
  if (touchpointId.includes('retour') || touchpointId.includes('rembours'))
    return ['billing', 'delivery', 'product', 'other'];
  if (touchpointId.includes('boutique') || touchpointId.includes('magasin'))
    return ['staff', 'wait', 'product', 'price', 'other'];
  if (touchpointId.includes('site') || touchpointId.includes('web'))
    return ['website', 'delivery', 'information', 'price', 'other'];
  return ['product', 'staff', 'wait', 'price', 'information', 'other'];
}

const RESOLUTIONS: Record<RootCause, string[]> = {
  wait: [
    'Client rappelé, excuses présentées pour l’attente ; renfort planifié sur le créneau.',
    'Rappel effectué, demande traitée ; créneau de rappel proposé pour les prochains appels.',
  ],
  staff: [
    'Échange avec le client et débrief avec le conseiller concerné.',
    'Excuses présentées ; point de coaching organisé avec l’équipe.',
  ],
  product: [
    'Produit échangé et geste commercial accordé.',
    'Prise en charge SAV déclenchée, client tenu informé.',
  ],
  delivery: [
    'Colis localisé et relivré en express, frais de port remboursés.',
    'Réclamation ouverte auprès du transporteur, bon d’achat envoyé.',
  ],
  price: [
    'Écart de prix expliqué, alignement sur le prix affiché en ligne.',
    'Remise fidélité appliquée sur la prochaine commande.',
  ],
  billing: [
    'Double prélèvement annulé, remboursement effectué sous 48 h.',
    'Facture corrigée et renvoyée au client.',
  ],
  website: [
    'Bug signalé à la plateforme web, commande passée par téléphone avec le client.',
    'Parcours de paiement expliqué ; ticket ouvert pour l’équipe web.',
  ],
  app: [
    'Anomalie reproduite et corrigée dans la version suivante ; client informé.',
    'Contournement expliqué au client, ticket transmis à l’équipe mobile.',
  ],
  information: [
    'Information corrigée et confirmée par écrit au client.',
    'Fiche produit mise à jour, client rappelé avec la bonne information.',
  ],
  other: ['Client rappelé, demande traitée.', 'Échange avec le client, situation clarifiée.'],
};

/**
 * Rewrites the history of every case (demo data only, see above). `now` is the end of the
 * demo; cases whose record is older than `settleAfterDays` are mostly closed.
 */
export async function settleDemoCases(
  database: Database,
  now = Date.now(),
  settleAfterDays = 3,
): Promise<{ cases: number; closed: number; open: number }> {
  return database.db.transaction().execute(async (trx) => {
    const h = writeHandle(database, trx);
    const rows = (await trx
      .selectFrom('cases')
      .selectAll()
      .orderBy('record_at')
      .orderBy('id')
      .execute()) as CaseRow[];
    const users = await trx
      .selectFrom('users')
      .select(['id', 'team_id', 'role'])
      .where('disabled_at', 'is', null)
      .orderBy('email')
      .execute();
    const byTeam = new Map<string, string[]>();
    for (const u of users) if (u.team_id) byTeam.set(u.team_id, [...(byTeam.get(u.team_id) ?? []), u.id]);
    const admin = users.find((u) => u.role === 'admin')?.id ?? null;

    const cases: CaseRow[] = [];
    const events: Record<string, unknown>[] = [];
    const event = (
      c: CaseRow,
      at: number,
      type: string,
      actor: string | null,
      details: unknown,
      note?: string,
    ) =>
      events.push({
        id: timeOrderedId(at),
        case_id: c.id,
        at,
        type,
        actor_id: actor,
        note: note ?? null,
        details: details === null ? null : JSON.stringify(details),
      });
    let closed = 0;
    for (const row of rows) {
      const key = `${row.record_type}:${row.record_id}:${row.team_id}`;
      const r = (salt: string) => demoFraction(`${key}:${salt}`);
      const dueSpan = Number(row.due_at) - Number(row.opened_at);
      // the record reaches the system between 2 minutes and 3 hours after it happened
      const openedAt = Math.min(now, Number(row.record_at) + Math.round((2 / 60 + r('arrive') * 3) * HOUR));
      const c: CaseRow = {
        ...row,
        opened_at: openedAt,
        due_at: openedAt + dueSpan,
        owner_id: null,
        status: 'open',
        closed_at: null,
        root_cause: null,
        resolution: null,
        overdue_notified_at: null,
        version: 1,
        updated_at: openedAt,
      };
      event(c, openedAt, 'case.created', null, { rule_id: c.rule_id });
      const team = byTeam.get(c.team_id) ?? [];
      const owner = team.length ? (team[Math.floor(r('owner') * team.length)] ?? null) : null;
      const lead = owner ?? admin;
      const old = Number(row.record_at) < now - settleAfterDays * DAY;
      const x = r('fate');
      if (old && x < 0.985) {
        // closed: three in four within the due time, the rest late
        const inTime = r('in-time') < 0.76;
        const span = inTime ? dueSpan * (0.05 + 0.9 * r('span')) : dueSpan * (1.05 + 1.6 * r('span'));
        const closedAt = Math.min(now - HOUR, openedAt + Math.round(span));
        const causes = causesFor(c.touchpoint_id);
        const y = r('cause');
        // skewed towards the first causes: a Pareto worth reading
        const cause = causes[Math.min(causes.length - 1, Math.floor(y * y * causes.length))] ?? 'other';
        const texts = RESOLUTIONS[cause];
        const resolution = texts[Math.floor(r('text') * texts.length)] ?? texts[0] ?? 'Traité.';
        if (owner) {
          const assignedAt = openedAt + Math.round((closedAt - openedAt) * 0.2);
          event(c, assignedAt, 'case.assigned', lead, { from: null, to: owner });
          c.owner_id = owner;
        }
        c.status = 'closed';
        c.closed_at = closedAt;
        c.root_cause = cause;
        c.resolution = resolution;
        c.version = owner ? 3 : 2;
        c.updated_at = closedAt;
        event(c, closedAt, 'case.closed', lead, {
          from: 'open',
          root_cause: cause,
          resolution,
          in_time: closedAt <= c.due_at,
        });
        closed++;
      } else if (!old && x < 0.45 && owner) {
        // recent and being worked on
        const at = Math.min(now, openedAt + Math.round(2 * HOUR * (0.2 + r('start'))));
        event(c, at, 'case.assigned', lead, { from: null, to: owner });
        event(c, at, 'case.status_changed', owner, { from: 'open', to: 'in_progress' });
        if (r('note') < 0.5)
          event(c, at, 'case.note_added', owner, null, 'Client contacté, en attente de son retour.');
        c.owner_id = owner;
        c.status = 'in_progress';
        c.version = 3;
        c.updated_at = at;
      }
      // old overdue cases were told long ago; recent ones are left to the overdue sweep
      if (old && c.status !== 'closed' && c.due_at < now) c.overdue_notified_at = c.due_at;
      cases.push(c);
    }
    for (const part of chunks(
      rows.map((r) => r.id),
      ID_CHUNK,
    ))
      await trx.deleteFrom('case_events').where('case_id', 'in', part).execute();
    await upsertRows(h, 'cases', ['id'], cases);
    await upsertRows(h, 'case_events', ['id'], events);
    return { cases: cases.length, closed, open: cases.length - closed };
  });
}
