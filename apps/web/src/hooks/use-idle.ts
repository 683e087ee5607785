import { useEffect, useState } from 'react';

/**
 * True once the browser is idle after the first render (or at once if `now`). For secondary
 * data (filter choices, menus): the server answers one query at a time, so asking for it
 * later lets the view's own figures come first.
 */
export function useIdle(now = false): boolean {
  const [idle, setIdle] = useState(now);
  useEffect(() => {
    if (idle) return;
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(() => setIdle(true), { timeout: 600 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIdle(true), 200);
    return () => clearTimeout(timer);
  }, [idle]);
  return idle || now;
}
