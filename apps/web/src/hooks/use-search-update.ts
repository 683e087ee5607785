import { useNavigate } from '@tanstack/react-router';
import { useCallback } from 'react';

export type SearchPatch = Record<string, string | number | readonly string[] | undefined>;

/**
 * Changes some search params of the current view (a filter, the period, a page): one
 * history entry each, so back and forward walk through them. Undefined removes a param.
 */
export function useSearchUpdate() {
  const navigate = useNavigate();
  return useCallback(
    (patch: SearchPatch, options: { replace?: boolean } = {}) =>
      navigate({
        to: '.',
        // the patch holds params of the current route only; the router validates them again
        search: ((prev: Record<string, unknown>) => ({ ...prev, ...patch })) as never,
        replace: options.replace ?? false,
      }),
    [navigate],
  );
}
