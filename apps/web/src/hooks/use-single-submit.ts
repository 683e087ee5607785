import { useMemo } from 'react';
import { singleFlight } from '../lib/single-flight.ts';

/**
 * A form's submit for a mutation that must not run twice at once (creating a user or a
 * token): a second submit while the first is pending is ignored. The button is disabled
 * while pending too; this covers the clicks that land before that render.
 */
export function useSingleSubmit<A>(mutation: {
  mutateAsync: (arg: A) => Promise<unknown>;
}): (arg: A) => void {
  // mutateAsync is stable for a mutation's life (TanStack Query binds it once)
  const { mutateAsync } = mutation;
  const submit = useMemo(() => singleFlight(mutateAsync), [mutateAsync]);
  return (arg) => {
    submit(arg);
  };
}
