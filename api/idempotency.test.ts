// Creating POSTs with an Idempotency-Key run once (issue 10, item 15, the generic part): a repeat
// returns the stored answer, another body under the same key is refused, a concurrent duplicate
// waits its turn, a stale claim is taken over, a 5xx releases the key.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { OpenAPIHono } from '@hono/zod-openapi';
import { auditEvents, dataHoldings, idempotencyKeys, users } from '../db/schema.js';
import { createTestApp, type Caller, type TestApp } from '../test/support/app.js';
import type { AppEnv, CurrentUser } from './context.js';
import { AppError } from './errors.js';
import { idempotentRequests } from './idempotency.js';

describe('Idempotency-Key on creating POSTs', () => {
  let t: TestApp;
  let cdc: Caller;
  beforeAll(async () => {
    t = await createTestApp();
    cdc = await t.as('jscdc.staff');
  });
  afterAll(() => t?.close());

  const holding = (description: string) => ({
    kind: 'dataset',
    description,
    recordCount: 10,
    volume: '1 GB',
    format: 'SQL',
    sha256: 'b'.repeat(64),
    storageLocation: { country: 'CN', region: '机房B' },
    encryption: 'SM4',
  });
  const post = (caller: Caller, path: string, key: string, body: unknown) =>
    t.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  const holdingsNamed = (description: string) =>
    t.database.db.$count(dataHoldings, eq(dataHoldings.description, description));
  const audits = (action: string, objectType: string) =>
    t.database.db.$count(auditEvents, and(eq(auditEvents.action, action), eq(auditEvents.objectType, objectType)));

  it('the same key twice gives the same answer and one holding; another body under it is refused', async () => {
    const key = `holding-${crypto.randomUUID()}`;
    const auditBefore = await audits('create', 'data_holding');
    const first = await post(cdc, '/data-holdings', key, holding('幂等测试库'));
    expect(first.status).toBe(201);
    const created = await first.json();
    const again = await post(cdc, '/data-holdings', key, holding('幂等测试库'));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(created);
    expect(await holdingsNamed('幂等测试库')).toBe(1);
    expect(await audits('create', 'data_holding')).toBe(auditBefore + 1);

    const reused = await post(cdc, '/data-holdings', key, holding('另一个库'));
    expect(reused.status).toBe(422);
    expect((await reused.json()).error.code).toBe('idempotency_key_reused');
    expect(await holdingsNamed('另一个库')).toBe(0);

    // Keys belong to their user: another user's identical key is a request of its own.
    const colleague = await t.as('jscdc.leader');
    expect((await post(colleague, '/data-holdings', key, holding('幂等测试库'))).status).toBe(201);
    expect(await holdingsNamed('幂等测试库')).toBe(2);

    const malformed = await post(cdc, '/data-holdings', 'short', holding('格式错误的键'));
    expect(malformed.status).toBe(422);
    expect(await holdingsNamed('格式错误的键')).toBe(0);
  });

  it('concurrent duplicates create one holding; the others are told it is in progress or get the same answer', async () => {
    const key = `holding-${crypto.randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post(cdc, '/data-holdings', key, holding('并发幂等库'))),
    );
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(new Set(bodies.filter((_, i) => statuses[i] === 201).map((b) => b.id)).size).toBe(1);
    for (const b of bodies.filter((_, i) => statuses[i] === 409)) expect(b.error.code).toBe('idempotency_in_progress');
    expect(await holdingsNamed('并发幂等库')).toBe(1);
    // Once finished, a retry gets the stored answer.
    const retry = await post(cdc, '/data-holdings', key, holding('并发幂等库'));
    expect((await retry.json()).id).toBe(bodies.find((_, i) => statuses[i] === 201).id);
  });

  it('a notice sent twice with one key starts one process', async () => {
    const official = await t.as('jinshui.official');
    const key = `notice-${crypto.randomUUID()}`;
    const body = {
      recipientUnitId: await t.unitId('金水区总医院'),
      title: '关于幂等测试的通知',
      paragraphs: ['请签收。'],
    };
    const before = await audits('create', 'notice');
    const first = await post(official, '/notices', key, body);
    const second = await post(official, '/notices', key, body);
    expect([first.status, second.status]).toEqual([201, 201]);
    const { id } = await first.json();
    expect((await second.json()).id).toBe(id);
    expect(await audits('create', 'notice')).toBe(before + 1);
    await t.temporal.workflow.getHandle(id).terminate('test done');
  });

  it('a stale claim is taken over; a 5xx answer releases the key so a retry runs again', async () => {
    // A claim left by a process that died long ago does not block the key for ever.
    const [me] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'jscdc.staff'));
    const stale = `holding-${crypto.randomUUID()}`;
    const body = holding('接管幂等库');
    await t.database.db.insert(idempotencyKeys).values({
      userId: me!.id,
      key: stale,
      method: 'POST',
      path: '/data-holdings',
      requestHash: 'unknown',
      updatedAt: sql`now() - interval '10 minutes'`,
    });
    // The stale claim was for another body: that is still a reuse of the key.
    expect((await post(cdc, '/data-holdings', stale, body)).status).toBe(422);
    await t.database.db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, stale));

    // A route that fails on its first call, with the real middleware and database.
    let calls = 0;
    const user = { id: me!.id } as CurrentUser;
    const app = new OpenAPIHono<AppEnv>();
    app.onError((err, c) =>
      err instanceof AppError ? c.json({ code: err.code }, err.status) : c.json({ code: 'internal' }, 500),
    );
    app.use('*', async (c, next) => {
      c.set('user', user);
      await next();
    });
    app.use('*', idempotentRequests({ db: t.database.db, staleAfterMs: 60_000 }));
    app.post('/things', (c) => {
      calls++;
      if (calls === 1) throw new Error('database went away');
      return c.json({ thing: calls }, 201);
    });
    const send = (key: string) =>
      app.request('/things', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: '{}',
      });
    const key = `thing-${crypto.randomUUID()}`;
    expect((await send(key)).status).toBe(500);
    expect(await t.database.db.$count(idempotencyKeys, eq(idempotencyKeys.key, key))).toBe(0);
    const retried = await send(key);
    expect([retried.status, await retried.json()]).toEqual([201, { thing: 2 }]);
    expect((await send(key)).headers.get('idempotent-replayed')).toBe('true');
    expect(calls).toBe(2);

    // An in-progress claim older than the stale limit is taken over by the next request.
    const abandoned = `thing-${crypto.randomUUID()}`;
    await t.database.db.insert(idempotencyKeys).values({
      userId: me!.id,
      key: abandoned,
      method: 'POST',
      path: '/things',
      requestHash: createHash('sha256').update(new TextEncoder().encode('{}')).digest('hex'),
      updatedAt: sql`now() - interval '2 minutes'`,
    });
    const takeover = await send(abandoned);
    expect(takeover.status).toBe(201);
    const [row] = await t.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, abandoned));
    expect(row).toMatchObject({ state: 'completed', responseStatus: 201 });
    // A fresh in-progress claim is not.
    const running = `thing-${crypto.randomUUID()}`;
    await t.database.db
      .insert(idempotencyKeys)
      .values({ userId: me!.id, key: running, method: 'POST', path: '/things', requestHash: row!.requestHash });
    const busy = await send(running);
    expect([busy.status, await busy.json()]).toEqual([409, { code: 'idempotency_in_progress' }]);
  });
});
