import { can } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { sessionQuery } from '../api/queries.ts';

/** Whether the signed-in user may change goals, settings and the organisation (admins). */
export function useCanManage(): boolean {
  const session = useQuery(sessionQuery);
  return session.data ? can(session.data.user.role, 'manage') : false;
}
