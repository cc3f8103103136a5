// The console's session: the token in an httpOnly, SameSite=Strict cookie that script never sees,
// and beside it a CSRF token derived from it (a hash, so it cannot be forged without the session
// and does not reveal it) that the page must echo in X-CSRF-Token on every state-changing request.
// SameSite=Strict already keeps other sites' requests from carrying the cookie; the echo also covers
// browsers and same-site pages that do not honour it.
import { hash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { cookieOf } from '../request-headers.js';

export const SESSION_COOKIE = 'duban_session';
export const CSRF_COOKIE = 'duban_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export const csrfTokenOf = (sessionToken: string) => hash('sha256', `csrf:${sessionToken}`, 'base64url');

/** Over HTTPS (directly or, as a proxy says, in front of us) the cookies are Secure too. */
const overHttps = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/** Cookies without Max-Age: they end with the browser; the session's own expiry still applies. */
export function setBrowserSession(c: Context, token: string): void {
  const secure = overHttps(c);
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure });
  setCookie(c, CSRF_COOKIE, csrfTokenOf(token), { httpOnly: false, sameSite: 'Strict', path: '/', secure });
}

export function clearBrowserSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  deleteCookie(c, CSRF_COOKIE, { path: '/' });
}

export const sessionCookieOf = (c: Context): string | undefined => cookieOf(c, SESSION_COOKIE) || undefined;

/** Whether a cookie-authenticated request may change state: GET/HEAD may; others must echo the token. */
export function csrfHolds(c: Context, sessionToken: string): boolean {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return true;
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
