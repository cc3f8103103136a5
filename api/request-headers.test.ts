// headerOf/cookieOf read Node's own request under @hono/node-server: they must answer exactly what
// c.req.header()/getCookie() answer, over a real socket, or the session and source-IP checks would
// see something else than the rest of the app.
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { serve, type ServerType } from '@hono/node-server';
import { cookieOf, headerOf } from './request-headers.js';

interface Echo {
  ours: Record<string, string | null>;
  hono: Record<string, string | null>;
  cookies: { ours: string | null; hono: string | null };
  viaNode: boolean;
}

const NAMES = ['authorization', 'x-forwarded-for', 'x-request-id', 'content-type', 'absent', 'accept'];

describe('request headers read from Node', () => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    const app = new Hono();
    app.all('/echo', (c) =>
      c.json({
        ours: Object.fromEntries(NAMES.map((n) => [n, headerOf(c, n) ?? null])),
        hono: Object.fromEntries(NAMES.map((n) => [n, c.req.header(n) ?? null])),
        cookies: { ours: cookieOf(c, 'duban_session') ?? null, hono: getCookie(c, 'duban_session') ?? null },
        viaNode: (c.env as { incoming?: unknown }).incoming !== undefined,
      }),
    );
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** Raw headers, repeats included, as a proxy or an odd client may send them. */
  function send(rawHeaders: [string, string][]): Promise<Echo> {
    return new Promise((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/echo',
        method: 'GET',
        headers: [['Host', `127.0.0.1:${port}`], ...rawHeaders].flat() as never,
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(JSON.parse(body) as Echo) : reject(new Error(`${res.statusCode} ${body}`)),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers what c.req.header() and getCookie() answer, repeats and odd case included', async () => {
    const answer = await send([
      ['Authorization', 'Bearer abc'],
      ['X-Forwarded-For', '10.0.0.1'],
      ['x-forwarded-for', '10.0.0.2'],
      ['X-Request-Id', 'req-1'],
      ['Accept', 'text/html'],
      ['accept', 'application/json'],
      ['Cookie', 'a=1; duban_session=tok%2Fen'],
      ['cookie', 'b=2'],
    ]);
    expect(answer.viaNode).toBe(true);
    expect(answer.ours).toEqual(answer.hono);
    expect(answer.ours['x-forwarded-for']).toBe('10.0.0.1, 10.0.0.2');
    expect(answer.cookies.ours).toBe(answer.cookies.hono);
    expect(answer.cookies.ours).toBe('tok/en');
  });

  it('answers nothing for what was not sent', async () => {
    const answer = await send([]);
    expect(answer.ours).toEqual(answer.hono);
    expect(answer.cookies).toEqual({ ours: null, hono: null });
  });
});
