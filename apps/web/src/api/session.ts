/**
 * The signed-in session as the fetch wrapper needs it: the CSRF token to send on every
 * request that changes something, and what to do when the server says "sign in first".
 */
import { SESSION_HINT_COOKIE } from '@parcours/domain';

let csrf: string | null = null;
let unauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrf = token;
}

export function csrfToken(): string | null {
  return csrf;
}

/** Called on any 401 from the API (except the sign-in request itself). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorized = handler;
}

export function notifyUnauthorized(): void {
  unauthorized?.();
}

/**
 * Whether this browser holds a session (the server's readable hint cookie beside the HTTP-only
 * one). Without it the app shows the sign-in page at once, with no request that would answer 401.
 */
export function hasSessionHint(): boolean {
  if (typeof document === 'undefined') return false;
  return document.cookie.split(';').some((c) => c.trim().startsWith(`${SESSION_HINT_COOKIE}=`));
}
