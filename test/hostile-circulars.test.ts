// Hostile tests of circulars (通报; README "Circulars"): other units' and jurisdictions' ids, wrong
// roles, bad bytes, races and reused keys, with the real worker, PostgreSQL, Temporal and Chromium.
// A failing test here is a finding: it asserts what the README promises (404 for what you may not
// see, 403 for a wrong role, 422 naming the field with nothing written, exactly one winner of a race).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, circularRecipients, circulars, tasks, units, users } from '../db/schema.js';
import { createSession } from '../api/auth/sessions.js';
import { hashPassword } from '../api/auth/password.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { createTestAppWithWorker, type TestAppWithWorker } from './support/worker.js';
import { fromPeer, TEST_PROXY } from './support/app.js';
import { createManyUnits, type ManyUnits } from './support/many-units.js';

describe('hostile: circulars (通报)', () => {
  let t: TestAppWithWorker;
  let area: ManyUnits;
  let official: string;
  let leader: string;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
    area = await createManyUnits(t.database.db, '郑州市金水区卫生健康委员会', '金水区敌意片区', 3);
    official = (await t.as('jinshui.official')).token;
    leader = (await t.as('jinshui.leader')).token;
  }, 60_000);
  afterAll(() => t?.close());

  const raw = (token: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    t.app.request(
      path,
      {
        method,
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.0.0.7', ...headers },
        body,
      },
      fromPeer(TEST_PROXY),
    );
  const post = (token: string, path: string, body: unknown, key?: string) =>
    raw(token, 'POST', path, JSON.stringify(body), {
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    });
  const get = (token: string, path: string) => raw(token, 'GET', path);
  const body = (over: Record<string, unknown> = {}) => ({
    kind: 'work',
    title: '关于网络安全检查情况的通报',
    paragraphs: ['我委对辖区医疗卫生机构开展了网络安全检查。'],
    recipients: { unitIds: area.unitIds },
    ...over,
  });
  const count = () => t.database.db.$count(circulars);
  /** The task `key` of `workflowId`, once it exists (a loop, not expect.poll: beforeAll uses it too). */
  const taskOf = async (workflowId: string, key: string) => {
    for (let waited = 0; waited < 30_000; waited += 200) {
      const [row] = await t.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.workflowId, workflowId), eq(tasks.taskKey, key)));
      if (row) return row;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no task ${key} of ${workflowId}`);
  };
  /** Waits (a loop, usable in beforeAll) until the circular reaches `stage`. */
  const reach = async (id: string, stage: string) => {
    for (let waited = 0; waited < 60_000; waited += 250) {
      if ((await stageOf(id)) === stage) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${id} never reached ${stage}: ${await stageOf(id)}`);
  };
  const draft = async (over: Record<string, unknown> = {}) => {
    const res = await post(official, '/circulars', body(over));
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const complete = (token: string, taskId: string, input: unknown) =>
    post(token, `/tasks/${taskId}/complete`, { input });
  const stageOf = async (id: string) =>
    (await t.database.db.select().from(circulars).where(eq(circulars.id, id)))[0]?.stage;
  /** Drafted, approved by the leader, and every receipt task written. */
  const distributed = async (over: Record<string, unknown> = {}) => {
    const id = await draft(over);
    const approval = await taskOf(id, 'approval-1');
    const res = await complete(leader, approval.id, { decision: 'approve' });
    if (res.status !== 200) throw new Error(await res.text());
    await reach(id, 'distributed');
    return id;
  };
  const staff = (i: number) => area.staffTokens.get(area.unitIds[i]!)!;
  /** No SQL, no stack, and a Chinese message in an error body. */
  const expectCleanError = async (res: Response) => {
    const text = await res.clone().text();
    expect(res.status, text).toBeLessThan(500);
    expect(text).not.toMatch(/select |insert |update |violates|syntax error|postgres|at [\w.]+ \(|node_modules/i);
    expect((JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '', text).toMatch(
      /[\u4e00-\u9fff]/,
    );
  };
  const deniedRows = (objectId: string) =>
    t.database.db.$count(auditEvents, and(eq(auditEvents.objectId, objectId), eq(auditEvents.outcome, 'denied')));

  describe('other units and jurisdictions', () => {
    let id: string;
    beforeAll(async () => {
      id = await distributed();
    }, 120_000);

    it("another city's official, a hospital not addressed and a hospital of another city: 404, denial audited, nothing marked read", async () => {
      const before = await deniedRows(id);
      for (const who of ['ly.official', 'lyhosp.staff', 'jshosp.staff', 'jscdc.staff']) {
        const caller = (await t.as(who)).token;
        const res = await get(caller, `/circulars/${id}`);
        expect(res.status, who).toBe(404);
        await expectCleanError(res);
        const text = await res.clone().text();
        expect(text).not.toContain('敌意片区');
        const remind = await post(caller, `/circulars/${id}/reminders`, {});
        expect(remind.status, who).toBe(404);
        const sent = await get(caller, '/circulars?box=received');
        expect(((await sent.json()) as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(id);
      }
      expect(await deniedRows(id)).toBeGreaterThanOrEqual(before + 8);
      const read = await t.database.db.select().from(circularRecipients).where(eq(circularRecipients.circularId, id));
      expect(read.every((r) => r.readAt === null)).toBe(true);
    });

    it("another unit's receipt task: the hospital next door, another city, the sender: refused, the task still open", async () => {
      const receipt = await taskOf(id, `receipt-u${area.unitIds[0]}`);
      const tries = [staff(1), (await t.as('lyhosp.staff')).token, (await t.as('jshosp.staff')).token, official];
      for (const token of tries) {
        const res = await complete(token, receipt.id, { receiverName: '冒名顶替' });
        expect([403, 404]).toContain(res.status);
        await expectCleanError(res);
      }
      const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, receipt.id));
      expect(row!.status).toBe('open');
      const [rec] = await t.database.db
        .select()
        .from(circularRecipients)
        .where(and(eq(circularRecipients.circularId, id), eq(circularRecipients.unitId, area.unitIds[0]!)));
      expect(rec!.receivedAt).toBeNull();
    });

    it('a recipient cannot remind (403), sees only its own row, and opening it marks only its own unit read', async () => {
      const res = await post(staff(0), `/circulars/${id}/reminders`, {});
      expect(res.status).toBe(403);
      const seen = await get(staff(0), `/circulars/${id}`);
      expect(seen.status).toBe(200);
      const detail = (await seen.json()) as { receipts: { unitId: number }[] };
      expect(detail.receipts.map((r) => r.unitId)).toEqual([area.unitIds[0]]);
      const rows = await t.database.db.select().from(circularRecipients).where(eq(circularRecipients.circularId, id));
      expect(rows.filter((r) => r.readAt !== null).map((r) => r.unitId)).toEqual([area.unitIds[0]]);
    });

    it('the moment a receipt task is in a unit’s inbox, the unit can open the circular (never a 404 first)', async () => {
      // 600 units: two INSERT batches of receipt tasks, so the first unit's task exists well before the last.
      const big = await createManyUnits(t.database.db, '郑州市金水区卫生健康委员会', '金水区分发片区', 600);
      const fresh = await draft({ recipients: { subtreeOf: big.rootId } });
      const approval = await taskOf(fresh, 'approval-1');
      expect((await complete(leader, approval.id, { decision: 'approve' })).status).toBe(200);
      const first = big.unitIds[0]!;
      for (let waited = 0; waited < 60_000; waited += 5) {
        const [task] = await t.database.db
          .select({ id: tasks.id })
          .from(tasks)
          .where(and(eq(tasks.workflowId, fresh), eq(tasks.taskKey, `receipt-u${first}`)));
        if (task) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const res = await get(big.staffTokens.get(first)!, `/circulars/${fresh}`);
      expect(res.status, await res.clone().text()).toBe(200);
    }, 120_000);

    it('recipients or attachments outside the jurisdiction, unknown, or the sender itself: 422 naming the field', async () => {
      const before = await count();
      const lyhosp = await t.unitId('洛阳市中心医院');
      const jinshui = await t.unitId('郑州市金水区卫生健康委员会');
      const province = await t.unitId('河南省卫生健康委员会').catch(() => 1);
      const cases: [Record<string, unknown>, string][] = [
        [{ recipients: { unitIds: [area.unitIds[0], lyhosp] } }, 'recipients.unitIds.1'],
        [{ recipients: { unitIds: [999_999_999] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: [jinshui] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: [province] } }, 'recipients.unitIds.0'],
        [{ recipients: { subtreeOf: lyhosp } }, 'recipients.subtreeOf'],
        [{ recipients: { subtreeOf: province } }, 'recipients.subtreeOf'],
        [{ attachmentIds: [crypto.randomUUID()] }, 'attachmentIds.0'],
      ];
      for (const [over, field] of cases) {
        const res = await post(official, '/circulars', body(over));
        expect(res.status, `${JSON.stringify(over)}: ${await res.clone().text()}`).toBe(422);
        await expectCleanError(res);
        const err = (await res.json()) as { error: { details: { fields: { field: string }[] } } };
        expect(err.error.details.fields.map((f) => f.field)).toContain(field);
      }
      expect(await count()).toBe(before);
    });

    it('a commission cannot be a recipient by id: nobody there holds the unit_staff role that signs (422)', async () => {
      const [sub] = await t.database.db.select().from(units).where(eq(units.id, area.rootId));
      expect(sub!.kind).toBe('commission');
      const zz = (await t.as('zz.official')).token;
      const before = await count();
      const res = await post(zz, '/circulars', body({ recipients: { unitIds: [area.unitIds[0], area.rootId] } }));
      expect(res.status, await res.clone().text()).toBe(422);
      const err = (await res.json()) as { error: { details: { fields: { field: string }[] } } };
      expect(err.error.details.fields.map((f) => f.field)).toContain('recipients.unitIds.1');
      expect(await count()).toBe(before);
    });
  });

  describe('wrong roles', () => {
    it('unit staff, a unit leader, a leader and an auditor drafting: 403, nothing written', async () => {
      const before = await count();
      for (const who of ['jshosp.staff', 'jshosp.leader', 'jinshui.leader', 'prov.auditor', 'prov.inspector']) {
        const res = await post((await t.as(who)).token, '/circulars', body());
        expect(res.status, who).toBe(403);
        await expectCleanError(res);
      }
      expect(await count()).toBe(before);
    });

    it('approval by the drafter, another official, another commission’s leader, an auditor, a hospital: refused', async () => {
      const id = await draft();
      const approval = await taskOf(id, 'approval-1');
      for (const who of ['jinshui.official', 'zz.official', 'prov.leader', 'prov.auditor', 'jshosp.staff']) {
        const res = await complete((await t.as(who)).token, approval.id, { decision: 'approve' });
        expect([403, 404], `${who}: ${res.status}`).toContain(res.status);
        await expectCleanError(res);
      }
      expect(await stageOf(id)).toBe('awaiting_approval');
      // The workflow is not jammed: the right leader still approves it.
      expect((await complete(leader, approval.id, { decision: 'approve' })).status).toBe(200);
      await expect.poll(() => stageOf(id), { timeout: 60_000 }).toBe('distributed');
    });

    it('a drafter who is also the commission leader may not approve their own draft (409/403); another leader can', async () => {
      const [commission] = await t.database.db.select().from(units).where(eq(units.id, area.rootId));
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const tag = Math.random().toString(36).slice(2, 8);
      const [both, other] = await t.database.db
        .insert(users)
        .values([
          {
            username: `both.${tag}`,
            realName: '兼职甲',
            unitId: commission!.id,
            roles: ['official', 'commission_leader'],
            passwordHash,
          },
          {
            username: `lead.${tag}`,
            realName: '负责人乙',
            unitId: commission!.id,
            roles: ['commission_leader'],
            passwordHash,
          },
        ])
        .returning();
      const bothToken = (await createSession(t.database.db, both!.id, '127.0.0.1')).token;
      const otherToken = (await createSession(t.database.db, other!.id, '127.0.0.1')).token;
      const res = await post(bothToken, '/circulars', body());
      expect(res.status, await res.clone().text()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const approval = await taskOf(id, 'approval-1');
      const self = await complete(bothToken, approval.id, { decision: 'approve' });
      expect([403, 409, 422], await self.clone().text()).toContain(self.status);
      await expectCleanError(self);
      expect(await stageOf(id)).toBe('awaiting_approval');
      const ok = await complete(otherToken, approval.id, { decision: 'approve' });
      expect(ok.status, await ok.clone().text()).toBe(200);
      await expect.poll(() => stageOf(id), { timeout: 60_000 }).toBe('distributed');
    });
  });

  describe('out of order', () => {
    it('reminders before approval, by a leader, an auditor: 409/403, nothing audited as a reminder', async () => {
      const id = await draft();
      const early = await post(official, `/circulars/${id}/reminders`, {});
      expect(early.status, await early.clone().text()).toBe(409);
      await expectCleanError(early);
      const sent = await distributed();
      for (const who of ['jinshui.leader', 'prov.auditor', 'prov.inspector']) {
        const res = await post((await t.as(who)).token, `/circulars/${sent}/reminders`, {});
        expect(res.status, who).toBe(403);
        await expectCleanError(res);
      }
      const reminders = await t.database.db.$count(
        auditEvents,
        and(eq(auditEvents.objectId, sent), eq(auditEvents.action, 'remind'), eq(auditEvents.outcome, 'success')),
      );
      expect(reminders).toBe(0);
    });

    it('a returned draft: only its drafter revises it; bad bytes are 422; resubmitted, one number; withdrawn, none', async () => {
      const id = await draft();
      const approval = await taskOf(id, 'approval-1');
      expect((await complete(leader, approval.id, { decision: 'return', comment: '请补充整改要求' })).status).toBe(200);
      const revision = await taskOf(id, 'revision-1');
      for (const who of ['zz.official', 'jinshui.leader', 'jshosp.staff', 'ly.official']) {
        const res = await complete((await t.as(who)).token, revision.id, { action: 'resubmit' });
        expect([403, 404], `${who}: ${res.status}`).toContain(res.status);
      }
      for (const input of [
        { action: 'resubmit', title: '标\u0000题' },
        { action: 'resubmit', paragraphs: [] },
        { action: 'withdraw', title: '新标题的通报' },
        { action: 'publish' },
      ]) {
        const res = await complete(official, revision.id, input);
        expect(res.status, `${JSON.stringify(input)}: ${await res.clone().text()}`).toBe(422);
      }
      expect(await stageOf(id)).toBe('returned');
      const resubmitted = await complete(official, revision.id, {
        action: 'resubmit',
        title: '关于修改后的检查情况通报',
      });
      expect(resubmitted.status, await resubmitted.clone().text()).toBe(200);
      // The round-1 approval task is done: answering it again does not approve round 2.
      expect([409]).toContain((await complete(leader, approval.id, { decision: 'approve' })).status);
      const second = await taskOf(id, 'approval-2');
      expect((await complete(leader, second.id, { decision: 'approve' })).status).toBe(200);
      await reach(id, 'distributed');
      const [row] = await t.database.db.select().from(circulars).where(eq(circulars.id, id));
      expect(row).toMatchObject({ round: 2, title: '关于修改后的检查情况通报' });
      expect(row!.number).toMatch(/^金卫通〔\d{4}〕\d+号$/);

      const gone = await draft();
      const a = await taskOf(gone, 'approval-1');
      expect((await complete(leader, a.id, { decision: 'return', comment: '不宜印发' })).status).toBe(200);
      const r = await taskOf(gone, 'revision-1');
      expect((await complete(official, r.id, { action: 'withdraw', comment: '撤回' })).status).toBe(200);
      await reach(gone, 'withdrawn');
      const [withdrawn] = await t.database.db.select().from(circulars).where(eq(circulars.id, gone));
      expect(withdrawn!.number).toBeNull();
      expect((await post(official, `/circulars/${gone}/reminders`, {})).status).toBe(409);
    }, 120_000);
  });

  describe('bad bytes', () => {
    it('NUL, lone surrogates, bad ids, unknown fields, past deadlines: 422 naming the field, nothing written', async () => {
      const before = await count();
      const past = new Date(Date.now() - 60_000).toISOString();
      const later = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
      const cases: [Record<string, unknown>, string][] = [
        [{ title: '通报\u0000标题' }, 'title'],
        [{ paragraphs: ['好', 'a\ud800b'] }, 'paragraphs.1'],
        [{ recipients: { unitIds: [area.unitIds[0], area.unitIds[0]] } }, 'recipients.unitIds'],
        [{ recipients: { unitIds: [0] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: [-3] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: [1.5] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: ['1'] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: [2 ** 31] } }, 'recipients.unitIds.0'],
        [{ recipients: { unitIds: [] } }, 'recipients.unitIds'],
        [{ recipients: { unitIds: Array.from({ length: 5001 }, (_, i) => i + 1) } }, 'recipients.unitIds'],
        [{ recipients: { subtreeOf: area.rootId, unitKind: 'hospital' } }, 'recipients'],
        [{ recipients: { unitKind: 'commission' } }, 'recipients.unitKind'],
        [{ admin: true }, ''],
        [{ recipients: { unitIds: area.unitIds, extra: 1 } }, 'recipients'],
        [{ kind: 'notice' }, 'kind'],
        [{ receiptDueAt: past }, 'receiptDueAt'],
        [{ replyRequired: true, replyDueAt: past }, 'replyDueAt'],
        [{ replyDueAt: later(48) }, 'replyRequired'],
        [{ receiptDueAt: '2026-02-30T08:00:00Z' }, 'receiptDueAt'],
        [{ receiptDueAt: later(1).replace('Z', '') }, 'receiptDueAt'],
        [{ replyRequired: true, receiptDueAt: later(48), replyDueAt: later(24) }, 'replyDueAt'],
        [{ receiptDueAt: '9999-12-31T00:00:00Z' }, 'receiptDueAt'],
        [{ remindBeforeSeconds: -1 }, 'remindBeforeSeconds'],
        [{ receiptWorkingDays: 0 }, 'receiptWorkingDays'],
        [{ attachmentIds: ['../../etc/passwd'] }, 'attachmentIds.0'],
        [
          { attachmentIds: ['0b7e3c2a-5d1f-4e8a-9c6b-2f4d8e1a7c93', '0b7e3c2a-5d1f-4e8a-9c6b-2f4d8e1a7c93'] },
          'attachmentIds',
        ],
      ];
      for (const [over, field] of cases) {
        const res = await post(official, '/circulars', body(over));
        const text = await res.clone().text();
        expect(res.status, `${JSON.stringify(over).slice(0, 200)}: ${text}`).toBe(422);
        await expectCleanError(res);
        const fields =
          ((await res.json()) as { error: { details?: { fields?: { field: string }[] } } }).error.details?.fields ?? [];
        expect(
          fields.map((f) => f.field),
          `${JSON.stringify(over).slice(0, 200)}: ${text}`,
        ).toContain(field);
      }
      expect(await count()).toBe(before);
    });

    it('the longest body the form allows (50 paragraphs of 4,000 characters) is printed and distributed', async () => {
      const paragraphs = Array.from({ length: 50 }, (_, i) =>
        `第${i + 1}段：${'网络安全检查发现的问题。'.repeat(334)}`.slice(0, 4000),
      );
      const id = await distributed({ paragraphs, recipients: { unitIds: [area.unitIds[0]] } });
      const [row] = await t.database.db.select().from(circulars).where(eq(circulars.id, id));
      expect(row!.documentId).not.toBeNull();
    }, 180_000);

    it('a 10 MB title, deeply nested JSON, broken JSON, wrong content type: 4xx, nothing written', async () => {
      const before = await count();
      const huge = JSON.stringify(body({ title: '通'.repeat(10 * 1024 * 1024) }));
      const nested = `{"kind":"work","title":"关于检查的通报","paragraphs":["x"],"recipients":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const answers = [
        await raw(official, 'POST', '/circulars', huge, { 'content-type': 'application/json' }),
        await raw(official, 'POST', '/circulars', nested, { 'content-type': 'application/json' }),
        await raw(official, 'POST', '/circulars', '{"kind":"work",', { 'content-type': 'application/json' }),
        await raw(official, 'POST', '/circulars', JSON.stringify(body()), { 'content-type': 'text/plain' }),
      ];
      for (const res of answers) {
        expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
        await expectCleanError(res);
      }
      expect(answers[0]!.status).toBe(413);
      expect(await count()).toBe(before);
    });

    it('bad answers to the approval and receipt tasks are 422 and do not jam the circular: it still closes', async () => {
      const id = await draft();
      const approval = await taskOf(id, 'approval-1');
      for (const input of [
        { decision: 'return' },
        { decision: 'approve', comment: 'x\u0000' },
        { decision: 'approve', extra: 1 },
        { decision: 'APPROVE' },
        {},
      ]) {
        const res = await complete(leader, approval.id, input);
        expect(res.status, `${JSON.stringify(input)}: ${await res.clone().text()}`).toBe(422);
        await expectCleanError(res);
      }
      expect((await complete(leader, approval.id, { decision: 'approve' })).status).toBe(200);
      await expect.poll(() => stageOf(id), { timeout: 60_000 }).toBe('distributed');
      for (const [i, unitId] of area.unitIds.entries()) {
        const receipt = await taskOf(id, `receipt-u${unitId}`);
        for (const input of [{ receiverName: '' }, { receiverName: '郑\udc00兰' }, { receiverName: 'x'.repeat(51) }]) {
          const res = await complete(staff(i), receipt.id, input);
          expect(res.status, await res.clone().text()).toBe(422);
        }
        expect((await complete(staff(i), receipt.id, { receiverName: '郑小兰' })).status).toBe(200);
      }
      await expect.poll(() => stageOf(id), { timeout: 60_000 }).toBe('closed');
    });
  });

  describe('concurrency', () => {
    it('20 approvals and returns of one draft at once: exactly one wins, one number, no 500', async () => {
      const id = await draft();
      const approval = await taskOf(id, 'approval-1');
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          complete(leader, approval.id, i % 2 ? { decision: 'approve' } : { decision: 'return', comment: '请修改' }),
        ),
      );
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 200),
        statuses.join(','),
      ).toHaveLength(1);
      expect(
        statuses.every((s) => s === 200 || s === 409),
        statuses.join(','),
      ).toBe(true);
      await expect.poll(() => stageOf(id), { timeout: 60_000 }).toMatch(/^(returned|distributed)$/);
      const decisions = await t.database.db.$count(
        auditEvents,
        and(eq(auditEvents.objectId, id), eq(auditEvents.outcome, 'success')),
      );
      expect(decisions).toBeGreaterThanOrEqual(2);
      const [row] = await t.database.db.select().from(circulars).where(eq(circulars.id, id));
      expect(row!.round).toBe(1);
    });

    it('one unit signing 10 times at once: one 200, one receipt, one audit row; 10 reminders at once: no deadlock', async () => {
      const id = await distributed();
      const receipt = await taskOf(id, `receipt-u${area.unitIds[0]}`);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => complete(staff(0), receipt.id, { receiverName: `签收人${i}` })),
      );
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 200),
        statuses.join(','),
      ).toHaveLength(1);
      expect(
        statuses.every((s) => s === 200 || s === 409),
        statuses.join(','),
      ).toBe(true);
      const received = await t.database.db.$count(
        auditEvents,
        and(eq(auditEvents.objectId, id), eq(auditEvents.action, 'receive')),
      );
      expect(received).toBe(1);
      const deadlocks = async () =>
        Number(
          (
            (await t.database.db.execute(
              sql`select deadlocks from pg_stat_database where datname = current_database()`,
            )) as unknown as { deadlocks: string }[]
          )[0]!.deadlocks,
        );
      const deadlocksBefore = await deadlocks();
      const reminders = await Promise.all(
        Array.from({ length: 10 }, () => post(official, `/circulars/${id}/reminders`, {})),
      );
      for (const r of reminders) {
        expect(r.status, await r.clone().text()).toBeLessThan(500);
        expect([200, 409, 429]).toContain(r.status);
      }
      const first = reminders.find((r) => r.status === 200);
      expect(((await first!.json()) as { reminded: number }).reminded).toBe(2);
      // The reminders' activities ran at once; one that hit a deadlock was retried (and answered 200 all the
      // same), so the statistics are the only witness. A backend reports them within 10 s of going idle.
      await new Promise((r) => setTimeout(r, 11_000));
      expect(await deadlocks()).toBe(deadlocksBefore);
    });

    it('an Idempotency-Key reused with a different body is refused, the first circular unchanged', async () => {
      const key = `hostile-circ-${crypto.randomUUID()}`;
      const first = await post(official, '/circulars', body(), key);
      expect(first.status).toBe(201);
      const { id } = (await first.json()) as { id: string };
      const before = await count();
      const answers = await Promise.all([
        post(official, '/circulars', body({ title: '关于另一件事的通报' }), key),
        post(official, '/circulars', body({ recipients: { unitIds: [area.unitIds[0]] } }), key),
      ]);
      for (const res of answers) {
        expect([409, 422]).toContain(res.status);
        await expectCleanError(res);
        expect(await res.clone().text()).not.toContain(id);
      }
      const replay = await post(official, '/circulars', body(), key);
      expect(replay.status).toBe(201);
      expect(((await replay.json()) as { id: string }).id).toBe(id);
      expect(await count()).toBe(before);
      const [row] = await t.database.db.select().from(circulars).where(eq(circulars.id, id));
      expect(row!.title).toBe('关于网络安全检查情况的通报');
    });

    it('one new Idempotency-Key sent at once with 6 different bodies: one circular, the others refused', async () => {
      const key = `hostile-race-${crypto.randomUUID()}`;
      const before = await count();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          post(official, '/circulars', body({ title: `关于第${i + 1}次检查的通报` }), key),
        ),
      );
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 201),
        statuses.join(','),
      ).toHaveLength(1);
      expect(
        statuses.every((s) => [201, 409, 422].includes(s)),
        statuses.join(','),
      ).toBe(true);
      for (const res of answers.filter((r) => r.status !== 201)) await expectCleanError(res);
      expect(await count()).toBe(before + 1);
    });

    it('the same key sent by another official is another circular (ids do not collide across users)', async () => {
      const key = `hostile-shared-${crypto.randomUUID()}`;
      const a = await post(official, '/circulars', body(), key);
      const b = await post((await t.as('zz.official')).token, '/circulars', body(), key);
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(((await a.json()) as { id: string }).id).not.toBe(((await b.json()) as { id: string }).id);
    });

    it('a fixed deadline that passes while the draft awaits approval: counted from approval, nobody overdue at once', async () => {
      const id = await draft({
        recipients: { unitIds: [area.unitIds[1]] },
        replyRequired: true,
        receiptDueAt: new Date(Date.now() + 3_000).toISOString(),
        replyDueAt: new Date(Date.now() + 4_000).toISOString(),
      });
      const approval = await taskOf(id, 'approval-1');
      await new Promise((r) => setTimeout(r, 4_500));
      expect((await complete(leader, approval.id, { decision: 'approve' })).status).toBe(200);
      await reach(id, 'distributed');
      const [row] = await t.database.db.select().from(circulars).where(eq(circulars.id, id));
      expect(row!.receiptDueAt!.getTime()).toBeGreaterThan(Date.now());
      expect(row!.replyDueAt!.getTime()).toBeGreaterThanOrEqual(row!.receiptDueAt!.getTime());
      const receipt = await taskOf(id, `receipt-u${area.unitIds[1]}`);
      expect(receipt.dueAt.getTime()).toBeGreaterThan(Date.now());
      await new Promise((r) => setTimeout(r, 2_000));
      const [rec] = await t.database.db.select().from(circularRecipients).where(eq(circularRecipients.circularId, id));
      expect(rec!.overdue).toBe(false);
      expect(
        await t.database.db.$count(tasks, and(eq(tasks.workflowId, id), eq(tasks.type, 'circular_escalation'))),
      ).toBe(0);
    }, 60_000);

    it('a receipt racing the deadline: either received or overdue, never both lost; the circular closes', async () => {
      const id = await distributed({
        recipients: { unitIds: [area.unitIds[2]] },
        receiptDueAt: new Date(Date.now() + 30_000).toISOString(),
        remindBeforeSeconds: 0,
      });
      const receipt = await taskOf(id, `receipt-u${area.unitIds[2]}`);
      const due = (await t.database.db.select().from(circulars).where(eq(circulars.id, id)))[0]!.receiptDueAt!;
      await new Promise((r) => setTimeout(r, Math.max(0, due.getTime() - Date.now())));
      const res = await complete(staff(2), receipt.id, { receiverName: '郑小兰' });
      expect([200, 409], await res.clone().text()).toContain(res.status);
      const [rec] = await t.database.db.select().from(circularRecipients).where(eq(circularRecipients.circularId, id));
      if (res.status === 200) expect(rec!.receivedAt).not.toBeNull();
      await expect.poll(() => stageOf(id), { timeout: 60_000 }).toMatch(/^(closed|distributed)$/);
    }, 120_000);
  });

  describe('ids', () => {
    it('ids are random UUIDs; a malformed or guessed id is the same 404 as another jurisdiction’s', async () => {
      const a = await draft();
      const b = await draft();
      expect(a).toMatch(/^circular-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a).not.toBe(b);
      const ly = (await t.as('ly.official')).token;
      const real = await get(ly, `/circulars/${a}`);
      const guessed = await get(ly, `/circulars/circular-${crypto.randomUUID()}`);
      expect(real.status).toBe(404);
      expect(guessed.status).toBe(404);
      expect((await real.json()).error.code).toBe((await guessed.json()).error.code);
      for (const bad of ['1', 'circular-..%2F..%2Fetc', "circular-' or 1=1--", `${a}%00`]) {
        const res = await get(ly, `/circulars/${bad}`);
        expect([400, 404, 422], bad).toContain(res.status);
        await expectCleanError(res);
      }
    });
  });
});
