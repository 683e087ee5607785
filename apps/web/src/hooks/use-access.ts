import type { Scope, SessionInfo } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { sessionQuery } from '../api/queries.ts';

const ALL: Scope = { kind: 'all' };

/** The signed-in session (undefined while it loads). */
export function useSession(): SessionInfo | undefined {
  return useQuery(sessionQuery).data;
}

/** The user's scope; everything until the session is known (the server narrows anyway). */
export function useScope(): Scope {
  return useSession()?.scope ?? ALL;
}
