/** Departments, teams and touchpoints: small tables, read whole. */
import type { Reference } from '@parcours/domain';
import type { Kysely } from 'kysely';
import type { DB, DepartmentRow, TeamRow, TouchpointRow } from '../schema.ts';

export type Org = {
  departments: Map<string, DepartmentRow>;
  teams: Map<string, TeamRow>;
  touchpoints: Map<string, TouchpointRow>;
};

export async function loadOrg(db: Kysely<DB>): Promise<Org> {
  const [departments, teams, touchpoints] = await Promise.all([
    db.selectFrom('departments').selectAll().orderBy('name').orderBy('id').execute(),
    db.selectFrom('teams').selectAll().orderBy('name').orderBy('id').execute(),
    db.selectFrom('touchpoints').selectAll().orderBy('name').orderBy('id').execute(),
  ]);
  return {
    departments: new Map(departments.map((d) => [d.id, d])),
    teams: new Map(teams.map((t) => [t.id, t])),
    touchpoints: new Map(touchpoints.map((t) => [t.id, t])),
  };
}

export async function loadReference(db: Kysely<DB>): Promise<Reference> {
  const org = await loadOrg(db);
  const [segments, regions] = await Promise.all([
    db
      .selectFrom('customers')
      .select('segment')
      .distinct()
      .where('segment', 'is not', null)
      .orderBy('segment')
      .execute(),
    db
      .selectFrom('customers')
      .select('region')
      .distinct()
      .where('region', 'is not', null)
      .orderBy('region')
      .execute(),
  ]);
  const strip = ({ updated_at: _, ...rest }: { updated_at: number } & Record<string, unknown>) => rest;
  return {
    departments: [...org.departments.values()].map((d) => ({ id: d.id, name: d.name })),
    teams: [...org.teams.values()].map((t) => ({ id: t.id, name: t.name, department_id: t.department_id })),
    touchpoints: [...org.touchpoints.values()].map((t) => strip(t) as Reference['touchpoints'][number]),
    segments: segments.flatMap((s) => (s.segment ? [s.segment] : [])),
    regions: regions.flatMap((r) => (r.region ? [r.region] : [])),
    channels: [...new Set([...org.touchpoints.values()].map((t) => t.channel))].sort(),
  };
}
