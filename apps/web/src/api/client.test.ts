import { ZSettings } from '@parcours/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { apiRequest, expensiveGate } from './client.ts';
import { toQueryString } from './query-string.ts';

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
}

afterEach(() => vi.unstubAllGlobals());

describe('apiRequest', () => {
  it('parses a response with its contract schema', async () => {
    const fetch = answer(200, { name: 'Maison Lumière', time_zone: 'Europe/Paris', currency: 'EUR' });
    vi.stubGlobal('fetch', fetch);
    const settings = await apiRequest('/settings', { schema: ZSettings, query: { a: 1 } });
    expect(settings.currency).toBe('EUR');
    expect(fetch).toHaveBeenCalledWith('/api/v1/settings?a=1', expect.objectContaining({ method: 'GET' }));
  });

  it('turns an error body into an ApiError that names the fields', async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, {
        error: {
          code: 'validation',
          message: 'invalid goal',
          details: [{ field: 'target', reason: 'too big' }],
        },
      }),
    );
    const error = await apiRequest('/goals', { schema: ZSettings, method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation', message: 'invalid goal' });
    expect((error as ApiError).details).toEqual([{ field: 'target', reason: 'too big' }]);
  });

  it('reports a network failure and an unexpected body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(apiRequest('/settings', { schema: ZSettings })).rejects.toMatchObject({
      status: 0,
      isNetwork: true,
    });
    vi.stubGlobal('fetch', answer(200, { unexpected: true }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(apiRequest('/settings', { schema: ZSettings })).rejects.toMatchObject({
      code: 'invalid_response',
    });
    warn.mockRestore();
    vi.stubGlobal('fetch', answer(502, undefined));
    await expect(apiRequest('/settings', { schema: ZSettings })).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
    });
  });
});

describe('a refusal to try again yet', () => {
  const throttled = (retryAfter: string | null) =>
    vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'too_many_attempts', message: 'wait' } }), {
          status: 429,
          headers: retryAfter === null ? {} : { 'retry-after': retryAfter },
        }),
    );
  const refusal = () =>
    apiRequest('/session', { schema: ZSettings, method: 'POST', body: {} }).catch((e) => e);

  it('carries the Retry-After seconds', async () => {
    vi.stubGlobal('fetch', throttled('270'));
    expect(await refusal()).toMatchObject({ status: 429, code: 'too_many_attempts', retryAfterSeconds: 270 });
  });

  it('carries null when the header is absent or not a number of seconds', async () => {
    for (const header of [null, '', 'soon', 'Wed, 21 Oct 2026 07:28:00 GMT', '-5']) {
      vi.stubGlobal('fetch', throttled(header));
      expect(await refusal(), String(header)).toMatchObject({ status: 429, retryAfterSeconds: null });
    }
  });
});

describe('toQueryString', () => {
  it('repeats keys for lists and leaves out empty values', () => {
    expect(toQueryString({ team: ['a', 'b'], from: '2026-10-01', q: '', x: undefined, page: 2 })).toBe(
      '?team=a&team=b&from=2026-10-01&page=2',
    );
    expect(toQueryString({})).toBe('');
  });
});

describe('expensive requests', () => {
  /** a fetch whose answers the test gives, one by one */
  function heldFetch() {
    const pending: { url: string; answer: (r: Response) => void }[] = [];
    const fetch = vi.fn((url: string) => new Promise<Response>((answer) => pending.push({ url, answer })));
    return { fetch, pending };
  }
  const ok = () =>
    new Response(JSON.stringify({ name: 'n', time_zone: 'UTC', currency: 'EUR' }), { status: 200 });
  const expensive = (signal?: AbortSignal) =>
    apiRequest('/kpis', { schema: ZSettings, expensive: true, ...(signal ? { signal } : {}) });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('take turns: at most as many at once as the server allows one user, cheap ones never wait', async () => {
    const { fetch, pending } = heldFetch();
    vi.stubGlobal('fetch', fetch);
    const answers = [expensive(), expensive(), expensive()];
    await settle();
    expect(pending).toHaveLength(2);
    expect(expensiveGate.load).toEqual({ running: 2, waiting: 1 });
    const cheap = apiRequest('/settings', { schema: ZSettings });
    await settle();
    expect(pending.map((p) => p.url)).toEqual(['/api/v1/kpis', '/api/v1/kpis', '/api/v1/settings']);
    pending[2]?.answer(ok());
    await cheap;
    pending[0]?.answer(ok());
    await answers[0];
    await settle();
    // the first one's turn went to the third
    expect(pending).toHaveLength(4);
    pending[1]?.answer(ok());
    pending[3]?.answer(ok());
    await Promise.all(answers);
    expect(expensiveGate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a waiting one that is no longer wanted leaves the queue without asking', async () => {
    const { fetch, pending } = heldFetch();
    vi.stubGlobal('fetch', fetch);
    const running = [expensive(), expensive()];
    const controller = new AbortController();
    const waiting = expensive(controller.signal);
    await settle();
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(expensiveGate.load).toEqual({ running: 2, waiting: 0 });
    for (const p of pending) p.answer(ok());
    await Promise.all(running);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('a 429 is asked again after Retry-After, a few times, then reported', async () => {
    const refused = () =>
      new Response(JSON.stringify({ error: { code: 'too_many_requests', message: 'wait' } }), {
        status: 429,
        headers: { 'retry-after': '0' },
      });
    const fetch = vi.fn(async () => refused());
    fetch.mockResolvedValueOnce(refused()).mockResolvedValueOnce(ok());
    vi.stubGlobal('fetch', fetch);
    await expect(expensive()).resolves.toMatchObject({ currency: 'EUR' });
    expect(fetch).toHaveBeenCalledTimes(2);

    fetch.mockClear();
    await expect(expensive()).rejects.toMatchObject({ status: 429, code: 'too_many_requests' });
    expect(fetch).toHaveBeenCalledTimes(4);
    // a cheap request's 429 (the sign-in throttle) is not retried
    fetch.mockClear();
    await expect(
      apiRequest('/session', { schema: ZSettings, method: 'POST', body: {} }),
    ).rejects.toMatchObject({
      status: 429,
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
