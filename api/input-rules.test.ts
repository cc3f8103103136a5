// The one edge rule every route shares (issue 10, items 9 and 23): ids within PostgreSQL's
// integer, no NUL or lone surrogate anywhere, bounded arrays and bodies, unknown fields refused;
// each refusal a 4xx with a code and the field, and nothing written. Security headers on every answer.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, dataHoldings, tasks, units, users } from '../db/schema.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { createTestApp, type Caller, type TestApp } from '../test/support/app.js';
import { apiSecureHeaders, docsSecureHeaders } from './security-headers.js';

const TOO_BIG_ID = 2 ** 31;

describe('the edge rule for every route', () => {
  let t: TestApp;
  let admin: Caller, official: Caller, cdc: Caller;
  let cdcId: number, hospitalId: number, provinceId: number;
  beforeAll(async () => {
    t = await createTestApp();
    [admin, official, cdc] = await Promise.all([t.as('admin'), t.as('jinshui.official'), t.as('jscdc.staff')]);
    [cdcId, hospitalId, provinceId] = await Promise.all([
      t.unitId('金水区疾病预防控制中心'),
      t.unitId('金水区总医院'),
      t.unitId('河南省卫生健康委员会'),
    ]);
  });
  afterAll(() => t?.close());

  const counts = async () => {
    const db = t.database.db;
    return {
      users: await db.$count(users),
      units: await db.$count(units),
      holdings: await db.$count(dataHoldings),
      tasks: await db.$count(tasks),
      audit: await db.$count(auditEvents),
    };
  };
  /** A raw request: the body is sent exactly as given (JSON text with escapes, or anything else). */
  const raw = (
    caller: Caller | undefined,
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ) =>
    t.app.request(path, {
      method,
      headers: {
        ...(caller ? { authorization: `Bearer ${caller.token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body,
    });

  const holding = (overrides: Record<string, unknown> = {}) => ({
    kind: 'dataset',
    description: '居民健康档案库',
    recordCount: 10,
    volume: '1 GB',
    format: 'SQL',
    sha256: 'a'.repeat(64),
    storageLocation: { country: 'CN', region: '机房A' },
    encryption: 'SM4',
    ...overrides,
  });
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: 'edge.user',
    realName: '边界测试',
    unitId: hospitalId,
    roles: ['unit_staff'],
    password: 'Kestrel-Meadow-9241',
    ...overrides,
  });

  it('refuses every bad input with a 4xx, a code and the field, and writes nothing', async () => {
    const cases: {
      name: string;
      send: () => Response | Promise<Response>;
      status: number;
      code: string;
      field?: string;
    }[] = [
      {
        name: 'path id ≥ 2^31',
        send: () => admin.get(`/users/${TOO_BIG_ID}`),
        status: 422,
        code: 'validation_failed',
        field: 'id',
      },
      {
        name: 'path id ≥ 2^31 on a write',
        send: () => cdc.patch(`/data-holdings/${TOO_BIG_ID}`, { volume: '2 GB' }),
        status: 422,
        code: 'validation_failed',
        field: 'id',
      },
      {
        name: 'query id ≥ 2^31',
        send: () => official.get(`/data-holdings?unitId=${TOO_BIG_ID}`),
        status: 422,
        code: 'validation_failed',
        field: 'unitId',
      },
      {
        name: 'query id ≥ 2^31 (audit)',
        send: () => admin.get(`/audit?actorUserId=${TOO_BIG_ID}`),
        status: 422,
        code: 'validation_failed',
        field: 'actorUserId',
      },
      {
        name: 'body id ≥ 2^31',
        send: () =>
          official.post('/notices', { recipientUnitId: TOO_BIG_ID, title: '关于边界测试的通知', paragraphs: ['正文'] }),
        status: 422,
        code: 'validation_failed',
        field: 'recipientUnitId',
      },
      {
        name: 'body id ≥ 2^31 (units)',
        send: () =>
          admin.post('/units', {
            orgCode: '12410105MB0000999X',
            name: '边界医院',
            kind: 'institution',
            parentId: TOO_BIG_ID,
          }),
        status: 422,
        code: 'validation_failed',
        field: 'parentId',
      },
      {
        name: 'body id ≥ 2^31 (data holdings)',
        send: () => cdc.post('/data-holdings', holding({ unitId: TOO_BIG_ID })),
        status: 422,
        code: 'validation_failed',
        field: 'unitId',
      },
      {
        name: 'body id ≥ 2^31 (handovers)',
        send: () =>
          official.post('/handovers', { handingUnitId: TOO_BIG_ID, receivingUnitId: hospitalId, reason: 'merger' }),
        status: 422,
        code: 'validation_failed',
        field: 'handingUnitId',
      },
      {
        name: 'NUL in a body string',
        send: () =>
          official.post('/notices', { recipientUnitId: hospitalId, title: '关于\u0000的通知', paragraphs: ['正文'] }),
        status: 422,
        code: 'validation_failed',
        field: 'title',
      },
      {
        name: 'NUL deep in a body',
        send: () => cdc.post('/data-holdings', holding({ storageLocation: { country: 'CN', region: '机房\u0000A' } })),
        status: 422,
        code: 'validation_failed',
        field: 'storageLocation.region',
      },
      {
        name: 'lone surrogate at login',
        send: () => raw(undefined, 'POST', '/auth/login', '{"username":"a\\ud800","password":"x"}'),
        status: 422,
        code: 'validation_failed',
        field: 'username',
      },
      {
        name: 'lone surrogate in an array item',
        send: () =>
          raw(
            official,
            'POST',
            '/notices',
            `{"recipientUnitId":${hospitalId},"title":"关于边界测试的通知","paragraphs":["\\udc00"]}`,
          ),
        status: 422,
        code: 'validation_failed',
        field: 'paragraphs.0',
      },
      {
        name: 'lone surrogate in a key',
        send: () => raw(cdc, 'POST', '/data-holdings', '{"\\ud800":1}'),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: 'NUL in the query',
        send: () => cdc.get('/tasks?type=%00'),
        status: 422,
        code: 'validation_failed',
        field: 'query.type',
      },
      {
        name: 'NUL in the path',
        send: () => cdc.get('/inspections/inspection-%00-0123456789'),
        status: 422,
        code: 'validation_failed',
        field: 'path.2',
      },
      {
        name: 'lone surrogate in the path',
        send: () => cdc.get('/inspections/inspection-%ED%A0%80-0123456789'),
        status: 422,
        code: 'validation_failed',
        field: 'path.2',
      },
      {
        name: 'unknown field (users)',
        send: () => admin.post('/users', newUser({ isSuperuser: true })),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: 'unknown field (data holdings)',
        send: () => cdc.post('/data-holdings', holding({ status: 'transferred' })),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: 'unknown nested field',
        send: () =>
          cdc.post('/data-holdings', holding({ storageLocation: { country: 'CN', region: '机房A', abroad: false } })),
        status: 422,
        code: 'validation_failed',
        field: 'storageLocation',
      },
      {
        name: 'unknown field (task completion)',
        send: () => cdc.post('/tasks/00000000-0000-4000-8000-000000000000/complete', { input: {}, force: true }),
        status: 422,
        code: 'validation_failed',
      },
      {
        name: '50,000 duplicate roles',
        send: () => admin.post('/users', newUser({ roles: Array(50_000).fill('admin') })),
        status: 422,
        code: 'validation_failed',
        field: 'roles',
      },
      {
        name: 'a duplicated role',
        send: () => admin.post('/users', newUser({ roles: ['unit_staff', 'unit_staff'] })),
        status: 422,
        code: 'validation_failed',
        field: 'roles',
      },
      {
        name: '200,000 roles (over 1 MB)',
        send: () => admin.post('/users', newUser({ roles: Array(200_000).fill('official') })),
        status: 413,
        code: 'payload_too_large',
      },
      {
        name: 'nesting deeper than any form',
        send: () => raw(cdc, 'POST', '/data-holdings', `${'['.repeat(5_000)}${']'.repeat(5_000)}`),
        status: 422,
        code: 'validation_failed',
      },
    ];
    const before = await counts();
    for (const c of cases) {
      const res = await c.send();
      const body = await res.json();
      expect({ name: c.name, status: res.status, code: body.error?.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      if (c.field)
        expect(
          body.error.details.fields.map((f: { field: string }) => f.field),
          c.name,
        ).toContain(c.field);
      // Messages for people are Chinese.
      expect(body.error.message, c.name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await counts()).toEqual(before);
    // The rule refuses, it does not over-reach: the same requests made well are accepted.
    expect((await cdc.post('/data-holdings', holding({ unitId: cdcId }))).status).toBe(201);
    expect((await admin.post('/users', newUser({ roles: ['unit_staff', 'unit_leader'] }))).status).toBe(201);
    expect((await admin.get(`/users/${TOO_BIG_ID - 1}`)).status).toBe(404);
    expect(provinceId).toBeGreaterThan(0);
  });

  it('ids in the path and the query are canonical decimal integers only', async () => {
    const unit = await admin.get(`/units/${cdcId}`);
    expect(unit.status).toBe(200);
    const spellings = [
      `0x${cdcId.toString(16)}`,
      `${cdcId}e0`,
      `+${cdcId}`,
      `00${cdcId}`,
      `${cdcId}.0`,
      `%20${cdcId}`,
      `0b${cdcId.toString(2)}`,
      '0',
      '-1',
    ];
    for (const spelling of spellings) {
      const res = await admin.get(`/units/${spelling}`);
      expect({ spelling, status: res.status }).toEqual({ spelling, status: 422 });
      const body = await res.json();
      expect(
        body.error.details.fields.map((f: { field: string }) => f.field),
        spelling,
      ).toContain('id');
      expect(body.error.message, spelling).toMatch(/[\u4e00-\u9fff]/);
      expect((await admin.get(`/audit?actorUserId=${spelling}`)).status, `query ${spelling}`).toBe(422);
    }
  });

  it("Hono's own refusals answer in our shape and in Chinese", async () => {
    const wrongType = await raw(cdc, 'POST', '/data-holdings', JSON.stringify(holding()), 'text/plain');
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).error).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
    const malformed = await raw(cdc, 'POST', '/data-holdings', '{"kind":');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({
      code: 'malformed_json',
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
  });

  it('a body nested deeper than any form is refused for its nesting, not for its characters', async () => {
    const deep = await raw(cdc, 'POST', '/data-holdings', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deep.status).toBe(422);
    expect((await deep.json()).error.message).toContain('嵌套层级');
  });

  it('a JSON body on the evidence upload path is a 415 in Chinese', async () => {
    const staff = await t.as('jshosp.staff');
    const signedIn = await raw(staff, 'POST', '/inspections/inspection-0123456789/evidence', '{}');
    expect(signedIn.status).toBe(415);
    expect((await signedIn.json()).error).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
  });

  it('the evidence path has its own size limit before sign-in and never reads a JSON body', async () => {
    const before = await counts();
    // Anonymous and large: refused at once, never read as JSON.
    const big = await raw(
      undefined,
      'POST',
      '/inspections/whatever/evidence',
      `{"a":"${'x'.repeat(40 * 1024 * 1024)}"}`,
    );
    expect(big.status).toBe(415);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(11 * 1024 * 1024)], { type: 'application/pdf' }), 'big.pdf');
    const bigForm = await t.app.request('/inspections/whatever/evidence', { method: 'POST', body: form });
    expect(bigForm.status).toBe(413);
    expect((await bigForm.json()).error.code).toBe('payload_too_large');
    expect((await counts()).users).toBe(before.users);
  });

  it('the answer carrying a bearer token is never cached', async () => {
    const res = await raw(
      undefined,
      'POST',
      '/auth/login',
      JSON.stringify({ username: 'jscdc.staff', password: DEMO_PASSWORD }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('every JSON request body in the API document refuses unknown fields', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    type Schema = { $ref?: string; type?: string; additionalProperties?: unknown; allOf?: Schema[]; oneOf?: Schema[] };
    const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()!]) : s);
    // A union (a 续报 or a 终报) is strict when every branch is.
    const strict = (s: Schema): boolean => {
      const r = resolve(s);
      return r.oneOf ? r.oneOf.every(strict) : r.additionalProperties === false;
    };
    const loose: string[] = [];
    let bodies = 0;
    for (const [path, item] of Object.entries(doc.paths) as [
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>,
    ][]) {
      for (const [method, op] of Object.entries(item)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (!schema) continue;
        bodies++;
        if (!strict(schema)) loose.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThan(15);
    expect(loose).toEqual([]);
    // Every POST documents the Idempotency-Key header.
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    expect(doc.paths['/notices'].post.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
  });

  it('sends security headers on every answer and no-store on signed-in ones', async () => {
    for (const res of [
      await t.app.request('/healthz'),
      await t.app.request('/tasks'),
      await admin.get('/auth/me'),
      await admin.get('/nowhere'),
    ]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await admin.get('/auth/me')).headers.get('cache-control')).toBe('no-store');
    expect((await admin.get(`/users/${TOO_BIG_ID}`)).headers.get('cache-control')).toBe('no-store');
    const docs = await t.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
  });

  it('sends the same headers over HTTP (@hono/node-server) as secureHeaders, with request id and no-store', async () => {
    // Served as `npm start` serves it: the answers' plain header objects get the headers (README, Benchmarks).
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Hono's own secureHeaders on a bare route: the reference.
      const reference = async (middleware: typeof apiSecureHeaders) => {
        const bare = new Hono().use('*', middleware).get('/', (c) => c.json({}));
        return Object.fromEntries((await bare.request('/')).headers);
      };
      const [apiRef, docsRef] = [await reference(apiSecureHeaders), await reference(docsSecureHeaders)];
      const own = (h: Headers) => {
        const all = Object.fromEntries(h);
        for (const k of ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']) delete all[k];
        return all;
      };
      const cases = [
        { path: '/tasks', token: cdc.token, ref: apiRef, noStore: true },
        { path: '/nowhere', token: cdc.token, ref: apiRef, noStore: true },
        { path: '/healthz', token: undefined, ref: apiRef, noStore: false },
        { path: '/docs', token: undefined, ref: docsRef, noStore: false },
      ];
      for (const { path, token, ref, noStore } of cases) {
        const headers: Record<string, string> = { 'x-request-id': 'bench-42' };
        if (token) headers.authorization = `Bearer ${token}`;
        const overHttp = await fetch(`${base}${path}`, { headers });
        const inProcess = await t.app.request(path, { headers });
        const got = own(overHttp.headers);
        expect(got).toEqual(own(inProcess.headers));
        for (const [k, v] of Object.entries(ref)) if (k !== 'content-type') expect(got[k], `${path} ${k}`).toBe(v);
        expect(got['x-request-id']).toBe('bench-42');
        expect(got['cache-control']).toBe(noStore ? 'no-store' : undefined);
        expect(got['x-powered-by']).toBeUndefined();
        await overHttp.arrayBuffer();
      }
      // A malformed caller id is replaced by a fresh one, over HTTP as in process.
      const fresh = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'no spaces allowed' } });
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
