// The one way the console talks to the API: openapi-fetch over the types generated from
// /openapi.json (schema.d.ts, `npm run console:types`), so a changed route breaks the type-check.
// The browser session is the httpOnly cookie the API sets at sign-in; state-changing requests
// carry the CSRF token the API puts in the readable `duban_csrf` cookie (README, Console).
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export const CSRF_COOKIE = 'duban_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export function csrfToken(): string | undefined {
  const found = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : undefined;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Listeners told when the API says the session is over (the layout sends the user to the login page). */
const signedOut = new Set<() => void>();
export const onSignedOut = (listener: () => void) => {
  signedOut.add(listener);
  return () => void signedOut.delete(listener);
};

const session: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (!SAFE.has(request.method) && token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/auth/')) {
      for (const listener of signedOut) listener();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);

/** Headers for a state-changing request made without the client (uploads with progress, raw downloads). */
export function sessionHeaders(): Record<string, string> {
  const token = csrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}
