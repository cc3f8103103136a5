// A request header read straight from Node's request when the app runs under @hono/node-server.
// `c.req.header()` first builds a WHATWG Headers object out of Node's; on the inbox, the commonest
// request, that copy cost more than the session check it serves (README, Benchmarks: bench:api).
// Elsewhere (app.request() in tests, another runtime) it falls back to `c.req.header()`.
import type { IncomingHttpHeaders } from 'node:http';
import type { Context } from 'hono';
import { parse } from 'hono/utils/cookie';

const nodeHeaders = (c: Context): IncomingHttpHeaders | undefined =>
  (c.env as { incoming?: { headers?: IncomingHttpHeaders } } | undefined)?.incoming?.headers;

/** The header `name` (lower case), as `c.req.header(name)` answers it. */
export function headerOf(c: Context, name: string): string | undefined {
  const headers = nodeHeaders(c);
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The cookie `name`, as hono/cookie's `getCookie(c, name)` answers it. */
export function cookieOf(c: Context, name: string): string | undefined {
  const header = headerOf(c, 'cookie');
  return header ? parse(header, name)[name] : undefined;
}
