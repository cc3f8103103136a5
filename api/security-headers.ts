// Security headers on every answer (issue 10, item 23), with Hono's secureHeaders. The API answers
// JSON and files, so its policy allows nothing to load or frame it; only the /docs page (Swagger
// UI, whose script and stylesheet this server serves itself, api/docs.ts) may load them from its
// own origin, with no inline script or style.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context.js';

const common = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
} as const;

const apiHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
});

const docsHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
});

/** secureHeaders with the API's policy, or the docs page's on `docsPath` and the files under it. */
export function securityHeaders(options: { docsPath: string }): MiddlewareHandler<AppEnv> {
  return async function securityHeadersMiddleware(c, next) {
    return (
      c.req.path === options.docsPath || c.req.path.startsWith(`${options.docsPath}/`) ? docsHeaders : apiHeaders
    )(c, next);
  };
}

/** `Cache-Control: no-store` on every answer given to a signed-in caller: no cache keeps personal data. */
export function noStoreWhenSignedIn(): MiddlewareHandler<AppEnv> {
  return async function noStoreWhenSignedInMiddleware(c, next) {
    await next();
    if (!c.get('user') && !c.req.header('authorization')) return;
    // On the answer's own headers: c.header() after the handler would copy the finished answer into a
    // new Response, which @hono/node-server can then only send as a stream (README, Benchmarks).
    try {
      c.res.headers.set('Cache-Control', 'no-store');
    } catch {
      c.header('Cache-Control', 'no-store'); // an answer whose headers are immutable
    }
  };
}
