import { MutationObserver, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.ts';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('singleFlight', () => {
  it('ignores a call while the previous one is pending, runs again once it settled', async () => {
    const pending = [deferred<string>(), deferred<string>()];
    const calls: string[] = [];
    const run = singleFlight((name: string) => {
      calls.push(name);
      return pending[calls.length - 1]?.promise ?? Promise.resolve('');
    });
    expect(run('CRM')).toBe(true);
    expect(run('CRM')).toBe(false); // the double click
    expect(calls).toEqual(['CRM']);
    pending[0]?.resolve('ok');
    await pending[0]?.promise;
    await Promise.resolve();
    expect(run('ERP')).toBe(true);
    expect(calls).toEqual(['CRM', 'ERP']);
  });

  it('a rejected call frees it too, and its rejection is handled', async () => {
    const failure = deferred<never>();
    let n = 0;
    const run = singleFlight(() => {
      n++;
      return n === 1 ? failure.promise : Promise.resolve();
    });
    run(undefined);
    failure.reject(new Error('name already used'));
    await failure.promise.catch(() => undefined);
    await Promise.resolve();
    expect(run(undefined)).toBe(true);
    expect(n).toBe(2);
  });

  it('on a TanStack mutation: a double submit makes one request', async () => {
    const client = new QueryClient();
    const answer = deferred<{ id: string }>();
    const requests: string[] = [];
    const observer = new MutationObserver(client, {
      mutationFn: (name: string) => {
        requests.push(name);
        return answer.promise;
      },
    });
    const submit = singleFlight((name: string) => observer.mutate(name));
    submit('Nightly CRM import');
    submit('Nightly CRM import');
    await Promise.resolve();
    answer.resolve({ id: 't1' });
    await answer.promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(requests).toEqual(['Nightly CRM import']);
    expect(observer.getCurrentResult().data).toEqual({ id: 't1' });
    // a later, separate submit creates another
    submit('Second import');
    await new Promise((r) => setTimeout(r, 0));
    expect(requests).toEqual(['Nightly CRM import', 'Second import']);
  });
});
