// 000 第二十九条: the audit chain stays one line however many requests write to it at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { like, sql } from 'drizzle-orm';
import { auditEvents, auditSeals, documents } from '../../db/schema.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('audit chain under concurrent writers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it(
    '200 concurrent audited requests of mixed kinds: every row is present and the chain verifies as one line',
    { timeout: 120_000 },
    async () => {
      const admin = await t.as('admin');
      const staff = await t.as('jshosp.staff');
      const zz = await t.as('zz.official');
      const unit = await (
        await admin.post('/units', {
          orgCode: '12410105MB0000198X',
          name: '并发审计医院',
          kind: 'hospital',
          parentId: await t.unitId('郑州市金水区卫生健康委员会'),
        })
      ).json();
      const pdf = Buffer.from('%PDF-1.4 concurrent audit test');
      const [doc] = await t.database.db
        .insert(documents)
        .values({
          kind: 'notice',
          title: '并发下载测试',
          unitId: await t.unitId('郑州市卫生健康委员会'),
          sha256: createHash('sha256').update(pdf).digest('hex'),
          sizeBytes: pdf.length,
          pdf,
        })
        .returning({ id: documents.id });
      // One at a time: more than five sign-ins of one account at once are refused (api/auth/login-attempts.ts).
      const sessions: Awaited<ReturnType<typeof t.as>>[] = [];
      for (let i = 0; i < 10; i++) sessions.push(await t.as('prov.official'));
      const signIn = ['prov.official', 'zz.official', 'jinshui.official', 'jscdc.staff', 'ly.official'];

      const request = (i: number, method: string, path: string, token?: string, body?: unknown) =>
        t.app.request(path, {
          method,
          headers: {
            'x-request-id': `burst-${i}`,
            'x-forwarded-for': '10.0.0.9',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
      // [kind, expected status, request] for 200 requests: reads, downloads, logins that succeed and
      // fail, logouts, list reads and writes, interleaved (few password checks: each costs ~0.4 s of CPU).
      const plan: Array<[string, number, (i: number) => Response | Promise<Response>]> = [];
      for (let i = 0; i < 50; i++)
        plan.push(['read user', 200, (n) => request(n, 'GET', `/users/${(i % 10) + 1}`, admin.token)]);
      for (let i = 0; i < 40; i++)
        plan.push(['download', 200, (n) => request(n, 'GET', `/documents/${doc!.id}`, zz.token)]);
      for (let i = 0; i < 10; i++)
        plan.push([
          'login',
          200,
          (n) =>
            request(n, 'POST', '/auth/login', undefined, {
              username: signIn[i % signIn.length],
              password: DEMO_PASSWORD,
            }),
        ]);
      for (let i = 0; i < 30; i++)
        plan.push([
          'failed login',
          401,
          (n) => request(n, 'POST', '/auth/login', undefined, { username: `nobody.${i}`, password: 'wrong-password' }),
        ]);
      for (let i = 0; i < 10; i++)
        plan.push(['logout', 204, (n) => request(n, 'POST', '/auth/logout', sessions[i]!.token)]);
      for (let i = 0; i < 30; i++)
        plan.push(['list holdings', 200, (n) => request(n, 'GET', '/data-holdings', staff.token)]);
      for (let i = 0; i < 30; i++)
        plan.push([
          'rename unit',
          200,
          (n) => request(n, 'PATCH', `/units/${unit.id}`, admin.token, { name: `并发审计医院${i}` }),
        ]);
      const shuffled = plan
        .map((p, i) => ({ p, k: (i * 7919) % plan.length }))
        .sort((a, b) => a.k - b.k)
        .map(({ p }) => p);
      expect(shuffled).toHaveLength(200);

      const statuses = await Promise.all(
        shuffled.map(async ([kind, , run], i) => [kind, (await run(i)).status] as const),
      );
      expect(statuses).toEqual(shuffled.map(([kind, status]) => [kind, status]));

      const rows = await t.database.db
        .select({ requestId: auditEvents.requestId })
        .from(auditEvents)
        .where(like(auditEvents.requestId, 'burst-%'));
      expect(new Set(rows.map((r) => r.requestId))).toEqual(new Set(shuffled.map((_, i) => `burst-${i}`)));
      expect(rows).toHaveLength(200);

      const auditor = await t.as('prov.auditor');
      const verdict = await (await auditor.get('/audit/verify')).json();
      expect(verdict).toMatchObject({
        ok: true,
        code: 'audit_chain_intact',
        broken: { total: 0, items: [] },
        verifiedRanges: { total: 1 },
      });
      // One line: no two seals share a predecessor, positions run 1..n, and every event is sealed once.
      const [shape] = await t.database.db
        .select({
          seals: sql<number>`count(*)::int`,
          distinctPrev: sql<number>`count(distinct ${auditSeals.prevHash})::int`,
          distinctEvents: sql<number>`count(distinct ${auditSeals.eventSeq})::int`,
          maxPosition: sql<number>`max(${auditSeals.position})::int`,
        })
        .from(auditSeals);
      expect(shape!.distinctPrev).toBe(shape!.seals);
      expect(shape!.distinctEvents).toBe(shape!.seals);
      expect(shape!.maxPosition).toBe(shape!.seals);
      expect(verdict.rows).toBe(shape!.seals);
      expect(shape!.seals).toBeGreaterThanOrEqual(200);
    },
  );
});
