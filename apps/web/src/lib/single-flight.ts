/**
 * A submit that runs one at a time: while `task`'s promise is pending, a new call is
 * ignored (answers false). A double click lands twice before React re-renders the button
 * disabled, so `disabled={isPending}` alone lets two requests through (two API tokens).
 * Settled, whether fulfilled or rejected, the next call runs again; a rejection is the
 * caller's to show (a mutation keeps it as its error), never an unhandled one.
 */
export function singleFlight<A>(task: (arg: A) => Promise<unknown>): (arg: A) => boolean {
  let running = false;
  const done = () => {
    running = false;
  };
  return (arg) => {
    if (running) return false;
    running = true;
    task(arg).then(done, done);
    return true;
  };
}
