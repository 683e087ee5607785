import { ZSettings } from '@parcours/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
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
