/**
 * Requests started before the app's code has loaded (see src/early.ts), keyed by URL. The
 * fetch wrapper takes a matching one instead of asking again; each is used once.
 */
type EarlyStore = Map<string, Promise<Response>>;

const KEY = '__parcoursEarly';

function store(): EarlyStore {
  const holder = globalThis as unknown as Record<string, EarlyStore | undefined>;
  let map = holder[KEY];
  if (!map) {
    map = new Map();
    holder[KEY] = map;
  }
  return map;
}

export function startEarly(url: string): void {
  if (typeof fetch !== 'function' || store().has(url)) return;
  const request = fetch(url, { headers: { accept: 'application/json' } });
  // an early request nobody takes must not report an unhandled rejection
  request.catch(() => undefined);
  store().set(url, request);
}

/** Forgets every early request (on sign-in: they were asked as nobody, or as someone else). */
export function dropEarly(): void {
  store().clear();
}

export function takeEarly(url: string): Promise<Response> | undefined {
  const map = store();
  const request = map.get(url);
  if (request) map.delete(url);
  return request;
}
