// 预警通报 (issue 12, item 5) through the real API, worker, Temporal, PostgreSQL and Chromium: one
// numbered PDF for the whole subtree, a receipt task per unit, replies, reminders, the deadline's
// escalation, who sees what, and refusals that write nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { WorkflowNotFoundError } from '@temporalio/client';
import { auditEvents, documents, incidentAlertRecipients, incidentAlerts, tasks, users } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { requestAs } from '../../test/support/app.js';
import { createManyUnits, type ManyUnits } from '../../test/support/many-units.js';
import { insertIncident } from '../../test/support/incidents.js';
import { pdfText } from '../../test/support/pdf.js';
import { recordHistory } from '../../test/support/histories.js';
import { incidentAlertWorkflow, type IncidentAlertInput } from '../../workflows/incident-alert.js';

describe('incident alerts (预警通报)', () => {
  let t: TestAppWithWorker;
  let area: ManyUnits;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
    // A district office under 金水区 with three hospitals: the subtree alerted.
    area = await createManyUnits(t.database.db, '郑州市金水区卫生健康委员会', '金水区北片区卫生健康办公室', 3);
  }, 60_000);
  afterAll(() => t?.close());

  const request = (token: string, method: string, path: string, body?: unknown, key?: string) =>
    requestAs(t.app, token, method, path, body, key);
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const alertBody = (overrides: Record<string, unknown> = {}) => ({
    title: '关于防范勒索软件攻击的预警通报',
    paragraphs: ['近日，辖区内一家医院遭受勒索软件攻击，门诊系统中断。'],
    measures: ['立即排查远程桌面端口暴露情况', '核查重要数据备份并开展恢复演练', '升级终端防病毒软件特征库'],
    rootUnitId: area.rootId,
    replyDueAt: inSeconds(3600),
    ...overrides,
  });
  const tasksOf = (workflowId: string, type: string) =>
    t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workflowId, workflowId), eq(tasks.type, type)));
  const alertRows = (incidentId: string) =>
    t.database.db.select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, incidentId));
  /** The id POST derives from an Idempotency-Key (api/idempotency.ts): to prove no workflow has it. */
  const idFor = async (username: string, incidentId: string, key: string) => {
    const [user] = await t.database.db.select().from(users).where(eq(users.username, username));
    const hex = createHash('sha256').update(`${user!.id}\nPOST\n/incidents/${incidentId}/alerts\n${key}`).digest('hex');
    return `alert-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };

  it('one PDF for the subtree, a receipt per unit, replies, reminder, overdue, escalation, and a late reply that ends it', async () => {
    const official = await t.as('jinshui.official');
    const incidentId = await insertIncident(t.database.db, area.unitIds[0]!);
    const [u1, u2, u3] = area.unitIds as [number, number, number];
    const staff = (unit: number) => area.staffTokens.get(unit)!;

    const res = await request(
      official.token,
      'POST',
      `/incidents/${incidentId}/alerts`,
      alertBody({ replyDueAt: inSeconds(30), remindBeforeSeconds: 15 }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const alert = await res.json();
    expect(res.headers.get('location')).toBe(`/incident-alerts/${alert.id}`);
    expect(alert).toMatchObject({ incidentId, rootUnitId: area.rootId, recipientCount: 3 });

    // Every unit of the subtree gets its receipt task; nobody else does.
    await expect
      .poll(async () => (await tasksOf(alert.id, 'incident_alert_receipt')).length, { timeout: 30_000 })
      .toBe(3);
    const receipts = await tasksOf(alert.id, 'incident_alert_receipt');
    expect(receipts.map((r) => r.assigneeUnitId).sort((a, b) => a - b)).toEqual([u1, u2, u3]);

    // One document, numbered in the 网安 series, showing the number, the title and the measures.
    const docs = await t.database.db.select().from(documents).where(eq(documents.workflowId, alert.id));
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc.number).toMatch(/^金卫网安〔\d{4}〕\d+号$/);
    expect(doc.recipientUnitIds.sort((a, b) => a - b)).toEqual([u1, u2, u3]);
    const text = pdfText(doc.pdf).replace(/\s+/g, '');
    expect(text).toContain(doc.number!);
    expect(text).toContain('关于防范勒索软件攻击的预警通报');
    expect(text).toContain('1.立即排查远程桌面端口暴露情况');
    expect(text).toContain('3.升级终端防病毒软件特征库');
    expect(text).toContain('较大事件');
    // Each recipient reads the one PDF.
    expect((await request(staff(u3), 'GET', `/documents/${doc.id}`)).status).toBe(200);
    // The incident's page lists the alert it gave rise to, with its number.
    const incidentPage = await (await request(official.token, 'GET', `/incidents/${incidentId}`)).json();
    expect(incidentPage.alerts).toEqual([
      expect.objectContaining({ id: alert.id, number: doc.number, recipientCount: 3 }),
    ]);

    const receiptOf = (unit: number) => receipts.find((r) => r.assigneeUnitId === unit)!;
    // Bad input is refused by the form (422 naming the field), an unknown key too; nothing recorded.
    const bad = await request(staff(u1), 'POST', `/tasks/${receiptOf(u1).id}/complete`, {
      input: { receiverName: '' },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.fields[0].field).toBe('receiverName');

    for (const [i, unit] of [u1, u2].entries()) {
      const signed = await request(staff(unit), 'POST', `/tasks/${receiptOf(unit).id}/complete`, {
        input: { receiverName: `签收人${i}` },
      });
      expect(signed.status, await signed.clone().text()).toBe(200);
      // Signed once: a second receipt is refused.
      const again = await request(staff(unit), 'POST', `/tasks/${receiptOf(unit).id}/complete`, {
        input: { receiverName: `签收人${i}` },
      });
      expect(again.status).toBe(409);
      const [reply] = (await tasksOf(alert.id, 'incident_alert_reply')).filter((r) => r.assigneeUnitId === unit);
      expect(reply!.dueAt.toISOString()).toBe(new Date(alert.replyDueAt ?? Date.now()).toISOString());
      const wrong = await request(staff(unit), 'POST', `/tasks/${reply!.id}/complete`, {
        input: { result: 'fine', details: '已自查' },
      });
      expect(wrong.status).toBe(422);
      expect((await wrong.json()).error.details.fields[0].field).toBe('result');
      const replied = await request(staff(unit), 'POST', `/tasks/${reply!.id}/complete`, {
        input: { result: 'no_issue', details: '已排查全部远程端口，未发现暴露。' },
      });
      expect(replied.status, await replied.clone().text()).toBe(200);
    }

    // The third unit is reminded automatically before the deadline (its task shows when).
    await expect
      .poll(
        async () =>
          (
            await t.database.db
              .select()
              .from(tasks)
              .where(eq(tasks.id, receiptOf(u3).id))
          )[0]!.lastRemindedAt,
        { timeout: 30_000 },
      )
      .not.toBeNull();
    // And by hand: only the one that has not replied.
    const reminded = await request(official.token, 'POST', `/incident-alerts/${alert.id}/remind`);
    expect(reminded.status, await reminded.clone().text()).toBe(200);
    expect(await reminded.json()).toEqual({ reminded: 1 });
    // A recipient unit may not remind anyone.
    expect((await request(staff(u1), 'POST', `/incident-alerts/${alert.id}/remind`)).status).toBe(403);

    // At the deadline: overdue, and one escalation task for the issuing official saying how many.
    await expect
      .poll(async () => (await tasksOf(alert.id, 'incident_alert_escalation')).length, { timeout: 40_000 })
      .toBe(1);
    const [escalation] = await tasksOf(alert.id, 'incident_alert_escalation');
    expect(escalation).toMatchObject({
      assigneeUnitId: await t.unitId('郑州市金水区卫生健康委员会'),
      assigneeRole: 'official',
    });
    expect(escalation!.title).toContain('1 个单位未回复');

    const unanswered = await (await official.get(`/incident-alerts/${alert.id}/recipients?state=unanswered`)).json();
    expect(unanswered).toMatchObject({ total: 1, page: 1 });
    expect(unanswered.items).toEqual([
      expect.objectContaining({ unitId: u3, state: 'unacknowledged', overdue: true, remindedAt: expect.any(String) }),
    ]);
    const detail = await (await official.get(`/incident-alerts/${alert.id}`)).json();
    expect(detail).toMatchObject({
      status: 'open',
      number: doc.number,
      documentId: doc.id,
      counts: { recipients: 3, acknowledged: 2, replied: 2, unanswered: 1, overdue: 1, reminded: 1 },
    });
    expect(detail.receipts.find((r: { unitId: number }) => r.unitId === u1)).toMatchObject({
      state: 'replied',
      replyResult: 'no_issue',
      acknowledgedBy: expect.stringContaining('签收人0'),
    });
    // A recipient sees the alert and its own row only.
    const own = await (await request(staff(u1), 'GET', `/incident-alerts/${alert.id}`)).json();
    expect(own.receipts.map((r: { unitId: number }) => r.unitId)).toEqual([u1]);
    expect(own.counts.recipients).toBe(1);

    // Outside the subtree: no task, and the alert does not exist for them (here or in another county).
    for (const outsider of ['jshosp.staff', 'lyhosp.staff', 'ly.official']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/incident-alerts/${alert.id}`)).status, outsider).toBe(404);
      expect((await (await caller.get('/incident-alerts')).json()).items, outsider).toEqual([]);
      const inbox = await (await caller.get('/tasks?scope=unit')).json();
      expect(
        inbox.items.filter((x: { workflowId: string }) => x.workflowId === alert.id),
        outsider,
      ).toEqual([]);
    }
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, alert.id), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(3);
    expect((await (await official.get('/incident-alerts')).json()).items.map((a: { id: string }) => a.id)).toContain(
      alert.id,
    );

    // Late, the third unit signs and replies: every unit has replied, the escalation is withdrawn, the alert closed.
    expect(
      (await request(staff(u3), 'POST', `/tasks/${receiptOf(u3).id}/complete`, { input: { receiverName: '迟到者' } }))
        .status,
    ).toBe(200);
    const [late] = (await tasksOf(alert.id, 'incident_alert_reply')).filter((r) => r.assigneeUnitId === u3);
    expect(
      (
        await request(staff(u3), 'POST', `/tasks/${late!.id}/complete`, {
          input: { result: 'fixing', details: '发现一台服务器开放远程桌面', measuresTaken: '已关闭端口' },
        })
      ).status,
    ).toBe(200);
    expect(await t.temporal.workflow.getHandle(alert.id).result()).toEqual({
      outcome: 'replied',
      recipients: 3,
      replied: 3,
    });
    expect((await tasksOf(alert.id, 'incident_alert_escalation'))[0]!.status).toBe('cancelled');
    expect((await alertRows(incidentId))[0]!.status).toBe('closed');
    const [third] = await t.database.db
      .select()
      .from(incidentAlertRecipients)
      .where(and(eq(incidentAlertRecipients.alertId, alert.id), eq(incidentAlertRecipients.unitId, u3)));
    expect(third).toMatchObject({ replyResult: 'fixing', overdue: true });
    // Still one document for the whole alert.
    expect(
      await t.database.db.select({ id: documents.id }).from(documents).where(eq(documents.workflowId, alert.id)),
    ).toHaveLength(1);
    await recordHistory(t.temporal, alert.id, 'incident-alert-replied');
  }, 120_000);

  it('refuses a unit_staff (403), another jurisdiction (404) and bad input (422 naming the field), writing nothing', async () => {
    const incidentId = await insertIncident(t.database.db, await t.unitId('金水区总医院'));
    const staff = await t.as('jshosp.staff');
    const official = await t.as('jinshui.official');
    const luoyang = await t.as('ly.official');
    const attempts: { who: string; token: string; body: unknown; status: number; field?: string }[] = [
      { who: 'jshosp.staff', token: staff.token, body: alertBody(), status: 403 },
      { who: 'ly.official', token: luoyang.token, body: alertBody({ rootUnitId: undefined }), status: 404 },
      { who: 'jinshui.official', token: official.token, body: alertBody({ urgent: true }), status: 422 },
      {
        who: 'jinshui.official',
        token: official.token,
        body: alertBody({ rootUnitId: await t.unitId('洛阳市卫生健康委员会') }),
        status: 422,
        field: 'rootUnitId',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: alertBody({ replyDueAt: new Date(Date.now() - 60_000).toISOString() }),
        status: 422,
        field: 'replyDueAt',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: alertBody({ measures: [] }),
        status: 422,
        field: 'measures',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: alertBody({ unitIds: [area.unitIds[0]] }),
        status: 422,
        field: 'unitIds',
      },
      {
        who: 'jinshui.official',
        token: official.token,
        body: alertBody({ rootUnitId: undefined, unitIds: [await t.unitId('郑州市金水区卫生健康委员会')] }),
        status: 422,
        field: 'unitIds.0',
      },
    ];
    for (const [i, a] of attempts.entries()) {
      const key = `alert-bad-${i}-${crypto.randomUUID()}`;
      const res = await request(a.token, 'POST', `/incidents/${incidentId}/alerts`, a.body, key);
      const answer = await res.json();
      expect(res.status, `${i} ${JSON.stringify(answer)}`).toBe(a.status);
      if (a.field)
        expect(
          answer.error.details.fields.map((f: { field: string }) => f.field),
          `${i}`,
        ).toContain(a.field);
      if (i === 2) expect(JSON.stringify(answer)).toContain('urgent');
      await expect(
        t.temporal.workflow.getHandle(await idFor(a.who, incidentId, key)).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    expect(await alertRows(incidentId)).toEqual([]);
    // The refusals of role and jurisdiction are in the trail.
    const denied = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, incidentId), eq(auditEvents.outcome, 'denied')));
    expect(denied[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('20 concurrent POSTs with one Idempotency-Key make one alert, one workflow and one number', async () => {
    const official = await t.as('jinshui.official');
    const incidentId = await insertIncident(t.database.db, area.unitIds[1]!);
    const key = `alert-race-${crypto.randomUUID()}`;
    const body = alertBody();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => request(official.token, 'POST', `/incidents/${incidentId}/alerts`, body, key)),
    );
    const statuses = answers.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).toBe(true);
    expect(statuses).toContain(201);
    const ids = new Set(
      await Promise.all(answers.filter((r) => r.status === 201).map(async (r) => (await r.json()).id as string)),
    );
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await alertRows(incidentId)).toHaveLength(1);
    expect(id).toBe(await idFor('jinshui.official', incidentId, key));
    await expect.poll(async () => (await tasksOf(id!, 'incident_alert_receipt')).length, { timeout: 30_000 }).toBe(3);
    expect(await t.database.db.select().from(documents).where(eq(documents.workflowId, id!))).toHaveLength(1);
    await t.temporal.workflow.getHandle(id!).terminate('测试结束');
  }, 60_000);

  it('alerts the units listed instead of a subtree', async () => {
    const official = await t.as('jinshui.official');
    const incidentId = await insertIncident(t.database.db, area.unitIds[0]!);
    const listed = [area.unitIds[0]!, await t.unitId('金水区总医院')];
    const res = await request(
      official.token,
      'POST',
      `/incidents/${incidentId}/alerts`,
      alertBody({ rootUnitId: undefined, unitIds: listed }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await res.json();
    expect((await alertRows(incidentId))[0]).toMatchObject({ rootUnitId: null, recipientCount: 2 });
    await expect.poll(async () => (await tasksOf(id, 'incident_alert_receipt')).length, { timeout: 30_000 }).toBe(2);
    expect((await tasksOf(id, 'incident_alert_receipt')).map((r) => r.assigneeUnitId).sort((a, b) => a - b)).toEqual(
      [...listed].sort((a, b) => a - b),
    );
    // The listed hospital outside the district office now sees the alert.
    expect((await (await t.as('jshosp.staff')).get(`/incident-alerts/${id}`)).status).toBe(200);
    await t.temporal.workflow.getHandle(id).terminate('测试结束');
  }, 60_000);

  it('a continued run carries only the small state and rebuilds who answered from the database', async () => {
    const official = await t.as('jinshui.official');
    const incidentId = await insertIncident(t.database.db, area.unitIds[2]!);
    const res = await request(official.token, 'POST', `/incidents/${incidentId}/alerts`, alertBody());
    const { id } = await res.json();
    await expect.poll(async () => (await tasksOf(id, 'incident_alert_receipt')).length, { timeout: 30_000 }).toBe(3);
    await expect.poll(async () => (await alertRows(incidentId))[0]!.status, { timeout: 30_000 }).toBe('open');
    const receipts = await tasksOf(id, 'incident_alert_receipt');
    const [u1, u2] = area.unitIds as [number, number];
    const staff = (unit: number) => area.staffTokens.get(unit)!;
    const receiptOf = (unit: number) => receipts.find((r) => r.assigneeUnitId === unit)!;
    const sign = (unit: number) =>
      request(staff(unit), 'POST', `/tasks/${receiptOf(unit).id}/complete`, { input: { receiverName: '续跑测试' } });
    expect((await sign(u1)).status).toBe(200);

    // What continue-as-new starts: the same workflow id, no unit list, no text, only `resumed`.
    const handle = t.temporal.workflow.getHandle(id);
    const first = (await handle.describe()).runId;
    const [row] = await alertRows(incidentId);
    const { issuedBy, ...rest } = (
      await handle.fetchHistory()
    ).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!.map((p) =>
      JSON.parse(Buffer.from(p.data!).toString()),
    )[0] as IncidentAlertInput;
    await handle.terminate('模拟 continue-as-new');
    await t.temporal.workflow.start(incidentAlertWorkflow, {
      workflowId: id,
      taskQueue: t.worker.taskQueue,
      args: [
        {
          ...rest,
          issuedBy,
          paragraphs: [],
          measures: [],
          unitIds: undefined,
          resumed: {
            documentId: row!.documentId!,
            number: row!.number!,
            replyDueAt: row!.replyDueAt!.toISOString(),
            phase: 'reminded',
          },
        },
      ],
    });
    expect((await handle.describe()).runId).not.toBe(first);
    // u1 signed in the first run: refused; u2 had not: accepted, and its reply task opens.
    expect((await sign(u1)).status).toBe(409);
    expect((await sign(u2)).status).toBe(200);
    expect((await tasksOf(id, 'incident_alert_reply')).map((r) => r.assigneeUnitId).sort((a, b) => a - b)).toEqual([
      u1,
      u2,
    ]);
    expect((await request(official.token, 'POST', `/incident-alerts/${id}/remind`)).status).toBe(200);
    await handle.terminate('测试结束');
  }, 60_000);
});
