/**
 * The signed-in session as the fetch wrapper needs it: the CSRF token to send on every
 * request that changes something, and what to do when the server says "sign in first".
 */
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
