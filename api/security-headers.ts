// Security headers on every answer (issue 10, item 23), with Hono's secureHeaders' values. The API
// answers JSON and files, so its policy allows nothing to load or frame it; only the /docs page
// (Swagger UI, whose script and stylesheet this server serves itself, api/docs.ts) may load them
// from its own origin, with no inline script or style.
//
// One middleware sets them, with the request id and `Cache-Control: no-store` for signed-in callers,
// once the answer exists. The headers are computed once at start from secureHeaders itself; on an
// answer @hono/node-server will send from a plain header object (the usual `c.json` one) they are
// added to that object, which the server writes as it is, instead of to a validated `Headers` built
// per request (README, Benchmarks: the inbox's CPU per request).
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context.js';
import { headerOf } from './request-headers.js';

const common = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
} as const;

export const apiSecureHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
});

export const docsSecureHeaders = secureHeaders({
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

// The console (api/console-files.ts): its own scripts; Ant Design writes its styles into <style>
// elements at run time, hence inline styles; documents are previewed from blob: URLs in a frame.
export const consoleSecureHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameSrc: ["'self'", 'blob:'],
    objectSrc: ["'self'", 'blob:'],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
});

/** The headers a secureHeaders middleware sets (lower-case names), read once by running it on a stand-in. */
async function headersSetBy(middleware: MiddlewareHandler): Promise<[string, string][]> {
  const headers = new Headers();
  const stand = { res: { headers }, get: () => undefined, set: () => undefined };
  await middleware(stand as never, async () => {});
  return [...headers];
}
const API_HEADERS = await headersSetBy(apiSecureHeaders);
const DOCS_HEADERS = await headersSetBy(docsSecureHeaders);
const CONSOLE_HEADERS = await headersSetBy(consoleSecureHeaders);
/** Names an answer's own headers lose to ours (secureHeaders overwrites; it also drops X-Powered-By). */
const REPLACED = new Set([
  ...API_HEADERS.map(([k]) => k),
  ...DOCS_HEADERS.map(([k]) => k),
  'x-powered-by',
  'x-request-id',
  'cache-control',
]);

const REQUEST_ID_HEADER = 'X-Request-Id';
const REQUEST_ID_SHAPE = /[^\w\-=]/;

type LightCache = [number, unknown, unknown];
/** The symbol under which @hono/node-server's light Response keeps [status, body, headers]; found on first sight. */
let cacheKey: symbol | undefined;
function lightCacheOf(res: Response): LightCache | undefined {
  cacheKey ??= Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache');
  const cache = cacheKey && (res as unknown as Record<symbol, unknown>)[cacheKey];
  return Array.isArray(cache) ? (cache as LightCache) : undefined;
}
const isPlainHeaderObject = (h: unknown): h is Record<string, string | string[]> =>
  h !== null && typeof h === 'object' && Object.getPrototypeOf(h) === Object.prototype;

/**
 * The request id (the caller's `X-Request-Id` if well formed, as hono/request-id takes it, else a new
 * UUID; `c.get('requestId')`), and on the answer: `X-Request-Id`, the security headers (the docs
 * page's policy on `docsPath` and the files under it), `Cache-Control: no-store` on every answer given
 * to a signed-in caller (no cache keeps personal data).
 */
export function responseHeaders(options: {
  docsPath: string;
  isConsolePath: (path: string) => boolean;
}): MiddlewareHandler<AppEnv> {
  const docsPrefix = `${options.docsPath}/`;
  return async function responseHeadersMiddleware(c, next) {
    let id = headerOf(c, 'x-request-id');
    if (!id || id.length > 255 || REQUEST_ID_SHAPE.test(id)) id = randomUUID();
    c.set('requestId', id);
    await next();
    const path = c.req.path;
    const security =
      path === options.docsPath || path.startsWith(docsPrefix)
        ? DOCS_HEADERS
        : options.isConsolePath(path)
          ? CONSOLE_HEADERS
          : API_HEADERS;
    const noStore = c.get('user') !== undefined || headerOf(c, 'authorization') !== undefined;
    const res = c.res;
    const cache = lightCacheOf(res);
    if (cache && (cache[2] === undefined || isPlainHeaderObject(cache[2]))) {
      // A fresh object: the answer's may be shared by its maker. Same content as the Headers path below.
      const own = cache[2] ?? { 'content-type': 'text/plain; charset=UTF-8' };
      const out: Record<string, string | string[]> = {};
      for (const k in own) if (!REPLACED.has(k.toLowerCase())) out[k] = own[k]!;
      for (const k in own) if (k.toLowerCase() === 'cache-control' && !noStore) out[k] = own[k]!;
      out['x-request-id'] = id;
      for (const [k, v] of security) out[k] = v;
      if (noStore) out['cache-control'] = 'no-store';
      cache[2] = out;
      return;
    }
    try {
      setAll(res.headers, id, security, noStore);
    } catch {
      // An answer whose headers are immutable: c.header() copies it into a new one.
      c.header(REQUEST_ID_HEADER, id);
      for (const [k, v] of security) c.header(k, v);
      c.header('X-Powered-By', undefined);
      if (noStore) c.header('Cache-Control', 'no-store');
    }
  };
}

function setAll(headers: Headers, id: string, security: [string, string][], noStore: boolean) {
  headers.set(REQUEST_ID_HEADER, id);
  for (const [k, v] of security) headers.set(k, v);
  headers.delete('X-Powered-By');
  if (noStore) headers.set('Cache-Control', 'no-store');
}
