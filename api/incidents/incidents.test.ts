// Incident reporting end to end (000 第三十一条; NSIR): real worker, PostgreSQL and Chromium. Reports go
// up the hierarchy by level, missed acknowledgements escalate, level changes re-route, late and
// missing reports open accountability cases, and bad input leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  accountabilityCases,
  auditEvents,
  deadlinePolicies,
  documents,
  incidentHops,
  incidentReports,
  incidents,
  processStarts,
  tasks,
} from '../../db/schema.js';
import { verifyReportChain } from '../../db/incident-reports.js';
import { Client } from '@temporalio/client';
import { createApp } from '../app.js';
import { ProcessStarter } from '../process-starter.js';
import { createLogger } from '../../config/logger.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import type { Caller } from '../../test/support/app.js';
import { pdfText } from '../../test/support/pdf.js';
import { recordHistory } from '../../test/support/histories.js';
import { waitForTask } from '../../test/support/tasks.js';

describe('incident reporting (应急报告)', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const initial = (over: Record<string, unknown> = {}) => ({
    level: 'III',
    category: 'ransomware',
    title: '门诊信息系统遭勒索软件加密',
    description: '凌晨门诊挂号服务器文件被加密，勒索信要求支付比特币。',
    systemsAffected: ['门诊挂号系统'],
    criticalInfrastructure: false,
    personalInfoAffected: 1200,
    discoveredAt: minutesAgo(20),
    measuresTaken: '已断网隔离受感染服务器，启用备份系统。',
    contact: { name: '郑小兰', phone: '0371-12345678' },
    ...over,
  });
  const setPolicy = (key: string, unit: 'seconds' | 'hours' | 'working_days', amount: number) =>
    t.database.db.update(deadlinePolicies).set({ unit, amount }).where(eq(deadlinePolicies.key, key));
  const taskOf = (workflowId: string, key: string) => waitForTask(t.database.db, workflowId, key);
  const complete = async (who: Caller, taskId: string, input: unknown) => {
    const res = await who.post(`/tasks/${taskId}/complete`, { input });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const hopsOf = async (id: string) =>
    (
      await t.database.db
        .select()
        .from(incidentHops)
        .where(eq(incidentHops.incidentId, id))
        .orderBy(asc(incidentHops.at), asc(incidentHops.id))
    ).map((h) => `${h.reportSeq}:${h.kind}:${h.toUnitId}`);

  it('a 较大 report goes to the county, is forwarded to the city, each with its deadline; the report form is a PDF', async () => {
    const staff = await t.as('jshosp.staff');
    const county = await t.as('jinshui.official');
    const city = await t.as('zz.official');
    const [countyId, cityId] = [await t.unitId('郑州市金水区卫生健康委员会'), await t.unitId('郑州市卫生健康委员会')];
    const res = await staff.post('/incidents', initial({ criticalInfrastructure: true }));
    expect(res.status, await res.clone().text()).toBe(201);
    const incident = await res.json();
    expect(res.headers.get('location')).toBe(`/incidents/${incident.id}`);
    // 较大 with critical information infrastructure: 1 hour from discovery (policy incident.report.cii).
    expect(Date.parse(incident.reportDueAt) - Date.parse(incident.discoveredAt)).toBe(3_600_000);
    expect(incident).toMatchObject({ level: 'III', levelName: '较大', late: false, status: 'reported' });

    const ack = await taskOf(incident.id, `acknowledge-r1-u${countyId}`);
    expect(ack).toMatchObject({ type: 'incident_acknowledgement', assigneeUnitId: countyId, assigneeRole: 'official' });
    // Acknowledge within the policy (1 hour by default), reminded at half time.
    expect(ack.dueAt.getTime() - ack.createdAt.getTime()).toBeGreaterThan(3_590_000);
    expect(ack.dueAt.getTime() - ack.createdAt.getTime()).toBeLessThan(3_610_000);
    expect((await (await county.get('/tasks')).json()).items.map((i: { id: string }) => i.id)).toContain(ack.id);
    await complete(county, ack.id, { receiverName: '王建国', remark: '已电话了解情况' });

    const fwd = await taskOf(incident.id, `forward-r1-u${countyId}`);
    expect(fwd).toMatchObject({ type: 'incident_forward', assigneeUnitId: countyId });
    // Forwarded within the forward limit, counted from when the county received it.
    const received = (await t.database.db.select().from(incidentHops).where(eq(incidentHops.taskId, ack.id)))[0]!;
    expect(fwd.dueAt.getTime() - received.at.getTime()).toBe(3_600_000);
    await complete(county, fwd.id, { comment: '情况属实，已督促医院做好处置，请市委指导。' });
    const cityAck = await taskOf(incident.id, `acknowledge-r1-u${cityId}`);
    await complete(city, cityAck.id, { receiverName: '李明' });
    // 较大 stops at the city: the city is not asked to forward it to the province.
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      await t.database.db
        .select()
        .from(tasks)
        .where(eq(tasks.taskKey, `forward-r1-u${cityId}`)),
    ).toEqual([]);
    expect(await hopsOf(incident.id)).toEqual([
      `1:received:${countyId}`,
      `1:acknowledged:${countyId}`,
      `1:forwarded:${countyId}`,
      `1:received:${cityId}`,
      `1:acknowledged:${cityId}`,
    ]);

    const detail = await (await city.get(`/incidents/${incident.id}`)).json();
    expect(detail.hops.find((h: { kind: string }) => h.kind === 'forwarded')).toMatchObject({
      comment: '情况属实，已督促医院做好处置，请市委指导。',
      actorName: expect.any(String),
    });
    expect(detail.chain).toEqual({ valid: true, versions: 1 });
    await expect
      .poll(async () => (await (await city.get(`/incidents/${incident.id}`)).json()).documents.length, {
        timeout: 30_000,
      })
      .toBe(1);
    const [doc] = await t.database.db.select().from(documents).where(eq(documents.workflowId, incident.id));
    const text = pdfText(doc!.pdf);
    for (const s of [
      '门诊信息系统遭勒索软件加密',
      '初报',
      '较大',
      '勒索软件',
      '涉及',
      '郑州市金水区卫生健康委员会',
      '河南省全民健康信息管理实施细则',
    ])
      expect(text, s).toContain(s);
    expect(doc!.number).toMatch(/网安报〔\d{4}〕1号$/);
  });

  it('a missed acknowledgement is reminded, then escalated to the office above, which is told who has not acknowledged', async () => {
    await setPolicy('incident.acknowledge', 'seconds', 4);
    try {
      const staff = await t.as('jshosp.staff');
      const [countyId, cityId] = [await t.unitId('郑州市金水区卫生健康委员会'), await t.unitId('郑州市卫生健康委员会')];
      const { id } = await (await staff.post('/incidents', initial({ level: 'IV', title: '官网首页被篡改' }))).json();
      const escalation = await taskOf(id, `escalation-acknowledge-r1-u${countyId}-u${cityId}`);
      expect(escalation).toMatchObject({ type: 'incident_escalation', assigneeUnitId: cityId });
      expect(escalation.title).toContain('郑州市金水区卫生健康委员会逾期未签收');
      const ack = await taskOf(id, `acknowledge-r1-u${countyId}`);
      expect(ack).toMatchObject({ overdue: true, lastRemindedAt: expect.any(Date) });
      expect(await hopsOf(id)).toEqual([
        `1:received:${countyId}`,
        `1:reminded:${countyId}`,
        `1:overdue:${countyId}`,
        `1:escalated:${cityId}`,
      ]);
      // The county acknowledges late: the escalation is withdrawn, nobody need act on it any more.
      await complete(await t.as('jinshui.official'), ack.id, { receiverName: '王建国' });
      await expect
        .poll(async () => (await t.database.db.select().from(tasks).where(eq(tasks.id, escalation.id)))[0]!.status, {
          timeout: 15_000,
        })
        .toBe('cancelled');
    } finally {
      await setPolicy('incident.acknowledge', 'hours', 1);
    }
  });

  it('a 续报 raising 一般 to 重大 re-runs the routing up to the province; 终报 closes it; versions stay hash-linked', async () => {
    const staff = await t.as('jshosp.staff');
    const [countyId, cityId, provinceId] = [
      await t.unitId('郑州市金水区卫生健康委员会'),
      await t.unitId('郑州市卫生健康委员会'),
      await t.unitId('河南省卫生健康委员会'),
    ];
    const { id } = await (await staff.post('/incidents', initial({ level: 'IV', title: '患者信息疑似外泄' }))).json();
    await complete(await t.as('jinshui.official'), (await taskOf(id, `acknowledge-r1-u${countyId}`)).id, {
      receiverName: '王建国',
    });
    const upgraded = await staff.post(`/incidents/${id}/reports`, {
      stage: 'update',
      level: 'II',
      progress: '经核查，泄露数据涉及 12 万条患者信息。',
      personalInfoAffected: 120_000,
    });
    expect(upgraded.status, await upgraded.clone().text()).toBe(201);
    expect(await upgraded.json()).toMatchObject({ seq: 2, stage: 'update', stageName: '续报', level: 'II' });
    expect(upgraded.headers.get('location')).toBe(`/incidents/${id}/reports/2`);
    // 重大: county → city → province, each acknowledging and forwarding.
    const upTheChain = async (seq: number) => {
      const steps: Array<[string, string, unknown]> = [
        ['jinshui.official', `acknowledge-r${seq}-u${countyId}`, { receiverName: '王建国' }],
        ['jinshui.official', `forward-r${seq}-u${countyId}`, { comment: '重大事件，立即转报。' }],
        ['zz.official', `acknowledge-r${seq}-u${cityId}`, { receiverName: '李明' }],
        ['zz.official', `forward-r${seq}-u${cityId}`, { comment: '转报省委。' }],
        ['prov.official', `acknowledge-r${seq}-u${provinceId}`, { receiverName: '赵省' }],
      ];
      for (const [who, key, input] of steps) await complete(await t.as(who), (await taskOf(id, key)).id, input);
    };
    await upTheChain(2);
    expect((await hopsOf(id)).filter((h) => h.startsWith('2:'))).toEqual([
      `2:received:${countyId}`,
      `2:acknowledged:${countyId}`,
      `2:forwarded:${countyId}`,
      `2:received:${cityId}`,
      `2:acknowledged:${cityId}`,
      `2:forwarded:${cityId}`,
      `2:received:${provinceId}`,
      `2:acknowledged:${provinceId}`,
    ]);

    const handled = await staff.post(`/incidents/${id}/reports`, {
      stage: 'update',
      progress: '已处置完毕。',
      handled: true,
    });
    expect(handled.status).toBe(201);
    const final = await staff.post(`/incidents/${id}/reports`, {
      stage: 'final',
      cause: '外包运维账号弱口令被利用。',
      impact: '12 万条患者信息外泄。',
      handling: '重置口令，封堵漏洞，通知受影响患者。',
      rectification: '全面清查外包账号，启用双因素认证。',
      lessons: '加强外包人员账号管理（000 第十七条）。',
    });
    expect(final.status, await final.clone().text()).toBe(201);
    // Nothing after the 终报.
    const late = await staff.post(`/incidents/${id}/reports`, { stage: 'update', progress: '补充。' });
    expect(late.status).toBe(409);
    expect(await verifyReportChain(t.database.db, id)).toEqual({ valid: true, versions: 4 });
    const row = (await t.database.db.select().from(incidents).where(eq(incidents.id, id)))[0]!;
    expect(row).toMatchObject({ status: 'closed', level: 'II', personalInfoAffected: 120_000 });
    // A stored version cannot be changed, whoever asks.
    await expect(
      t.database.ownerSql`update incident_reports set content = '{}' where incident_id = ${id}`,
    ).rejects.toThrow(/immutable/);
    // The 续报 and the 终报 of a 重大 incident go up to the province like the others; the process ends when all are answered.
    await upTheChain(3);
    await upTheChain(4);
    await t.temporal.workflow.getHandle(id).result();
    await recordHistory(t.temporal, id, 'incident-closed');
  });

  it('a late 初报 is accepted, marked 迟报 with its delay, and opens an accountability case', async () => {
    const staff = await t.as('jshosp.staff');
    const res = await staff.post(
      '/incidents',
      initial({ discoveredAt: minutesAgo(5 * 60 + 30), title: '迟报的数据泄露' }),
    );
    expect(res.status).toBe(201);
    const incident = await res.json();
    expect(incident.late).toBe(true);
    expect(incident.delaySeconds).toBeGreaterThan(89 * 60);
    await expect
      .poll(
        async () =>
          (
            await t.database.db
              .select()
              .from(accountabilityCases)
              .where(eq(accountabilityCases.sourceId, `${incident.id}:late`))
          )[0]?.reason,
        { timeout: 30_000 },
      )
      .toMatch(/^迟报：较大事件“迟报的数据泄露”初报超出报告时限1小时(29|30|31)分钟/);
    const listed = await (await (await t.as('jinshui.official')).get('/incidents?late=true')).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(incident.id);
    const cases = await (await (await t.as('jinshui.official')).get('/accountability-cases')).json();
    expect(cases.items.find((c: { sourceId: string }) => c.sourceId === `${incident.id}:late`)).toMatchObject({
      sourceType: 'incident',
    });
  });

  it("a 终报 not sent in time after the incident is handled opens a case and marks the unit's 终报 task overdue", async () => {
    await setPolicy('incident.final_report', 'seconds', 3);
    try {
      const staff = await t.as('jshosp.staff');
      const { id } = await (await staff.post('/incidents', initial({ level: 'IV', title: '终报逾期的事件' }))).json();
      expect(
        (await staff.post(`/incidents/${id}/reports`, { stage: 'update', progress: '已恢复。', handled: true })).status,
      ).toBe(201);
      const final = await taskOf(id, 'final');
      expect(final).toMatchObject({ type: 'incident_final_report', assigneeRole: 'unit_staff' });
      await expect
        .poll(
          async () =>
            (
              await t.database.db
                .select()
                .from(accountabilityCases)
                .where(eq(accountabilityCases.sourceId, `${id}:final_missing`))
            ).length,
          { timeout: 30_000 },
        )
        .toBe(1);
      expect((await t.database.db.select().from(tasks).where(eq(tasks.id, final.id)))[0]!.overdue).toBe(true);
      // The 终报 through its task: the same form, and the incident closes.
      await complete(staff, final.id, {
        stage: 'final',
        cause: '硬件故障',
        impact: '服务中断 2 小时',
        handling: '更换硬盘',
        rectification: '增加冗余',
        lessons: '定期巡检',
      });
      expect((await t.database.db.select().from(incidents).where(eq(incidents.id, id)))[0]!.status).toBe('closed');
    } finally {
      await setPolicy('incident.final_report', 'working_days', 5);
    }
  });

  it('a unit in another county, or another unit of the same county, cannot see the incident (404); an official cannot file a 续报 (403)', async () => {
    const staff = await t.as('jshosp.staff');
    const { id } = await (await staff.post('/incidents', initial({ title: '仅本单位与上级可见' }))).json();
    for (const outsider of ['jscdc.staff', 'lyhosp.staff', 'ly.official']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/incidents/${id}`)).status, outsider).toBe(404);
      expect((await caller.post(`/incidents/${id}/reports`, { stage: 'update', progress: 'x' })).status, outsider).toBe(
        404,
      );
      expect((await (await caller.get('/incidents')).json()).items.map((i: { id: string }) => i.id)).not.toContain(id);
    }
    expect((await (await t.as('prov.official')).get(`/incidents/${id}`)).status).toBe(200);
    const official = await t.as('jinshui.official');
    expect((await official.post(`/incidents/${id}/reports`, { stage: 'update', progress: 'x' })).status).toBe(403);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, id), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });

  it('the report form shows each level with its criteria and the time limit in force, from the policies', async () => {
    await setPolicy('incident.report', 'hours', 3);
    try {
      const res = await (await t.as('jshosp.staff')).get('/incidents/report-form');
      expect(res.status).toBe(200);
      const form = await res.json();
      expect(form.formSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(form.formSchema.required).toEqual(expect.arrayContaining(['level', 'discoveredAt', 'measuresTaken']));
      const large = form.levels.find((l: { level: string }) => l.level === 'III');
      expect(large).toMatchObject({
        name: '较大',
        criteria: expect.stringContaining('较大'),
        forwardedToProvince: false,
      });
      expect(large.reportWithin).toEqual([
        expect.objectContaining({ criticalInfrastructure: false, policy: 'incident.report', limit: '3 小时' }),
        expect.objectContaining({ criticalInfrastructure: true, policy: 'incident.report.cii', limit: '1 小时' }),
      ]);
      expect(form.categories).toContainEqual({ category: 'ransomware', name: '勒索软件' });
    } finally {
      await setPolicy('incident.report', 'hours', 4);
    }
  });

  it('two officials acknowledging the same report at once: one succeeds, the other is told it is done; one hop', async () => {
    const staff = await t.as('jshosp.staff');
    const countyId = await t.unitId('郑州市金水区卫生健康委员会');
    const { id } = await (await staff.post('/incidents', initial({ level: 'IV', title: '并发签收' }))).json();
    const task = await taskOf(id, `acknowledge-r1-u${countyId}`);
    const official = await t.as('jinshui.official');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        official.post(`/tasks/${task.id}/complete`, { input: { receiverName: `签收人${i}` } }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    expect((await hopsOf(id)).filter((h) => h.includes(':acknowledged:'))).toHaveLength(1);
  });

  it('Temporal away: the report is still stored and in the county inbox (201); its process starts once Temporal answers', async () => {
    // The same app, with a Temporal client whose every call fails (an unknown namespace).
    const broken = new Client({ connection: t.temporal.connection, namespace: 'no-such-namespace' });
    const starter = new ProcessStarter({ db: t.database.db, temporal: broken, logger: createLogger('silent') });
    const away = createApp({
      db: t.database.db,
      sql: t.database.sql,
      temporal: broken,
      renderer: t.renderer,
      logger: createLogger('silent'),
      env: t.env,
      processStarter: starter,
    });
    const staff = await t.as('jshosp.staff');
    const res = await away.request('/incidents', {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(initial({ title: 'Temporal 不可用时报告' })),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await res.json();
    const countyId = await t.unitId('郑州市金水区卫生健康委员会');
    const ack = await taskOf(id, `acknowledge-r1-u${countyId}`);
    // The failed attempt is recorded (the test app's own starter may start it on its 5 s sweep meanwhile).
    await expect
      .poll(
        async () =>
          (await t.database.db.select().from(processStarts).where(eq(processStarts.workflowId, id)))[0]?.lastError,
        {
          timeout: 15_000,
        },
      )
      .toMatch(/namespace/i);
    starter.close();
    // The county answers before any sweep ran: the task's process is started on demand and takes it.
    await complete(await t.as('jinshui.official'), ack.id, { receiverName: '王建国' });
    expect(
      (await t.database.db.select().from(processStarts).where(eq(processStarts.workflowId, id)))[0]!.startedAt,
    ).not.toBeNull();
    expect(await hopsOf(id)).toContain(`1:acknowledged:${countyId}`);
  });

  it('bad input is refused with the field named, and nothing is stored', async () => {
    const staff = await t.as('jshosp.staff');
    const count = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(incidents))[0]!.n;
    const before = await count();
    const cases: Array<[string, unknown, string]> = [
      ['unknown level', initial({ level: 'V' }), 'level'],
      [
        'discovered in the future',
        initial({ discoveredAt: new Date(Date.now() + 3_600_000).toISOString() }),
        'discoveredAt',
      ],
      ['a 10 MB field', initial({ description: 'x'.repeat(10 * 1024 * 1024) }), 'description'],
      ['missing required field', { ...initial(), measuresTaken: undefined }, 'measuresTaken'],
      ['an unknown field', initial({ severity: 'high' }), ''],
      ['a NUL byte', initial({ title: 'a\u0000b' }), 'title'],
    ];
    for (const [name, body, field] of cases) {
      const res = await staff.post('/incidents', body);
      expect(res.status, name).toBe(422);
      const error = (await res.json()).error;
      expect(error.code, name).toBe('validation_failed');
      expect(
        error.details.fields.map((f: { field: string }) => f.field),
        name,
      ).toContain(field);
    }
    expect(await count()).toBe(before);
    // And a bad 续报: refused by the workflow's validator, nothing on the chain.
    const { id } = await (await staff.post('/incidents', initial({ title: '续报校验' }))).json();
    const bad = await staff.post(`/incidents/${id}/reports`, { stage: 'update', level: 'V', progress: '' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['level', 'progress']),
    );
    expect(await t.database.db.select().from(incidentReports).where(eq(incidentReports.incidentId, id))).toHaveLength(
      1,
    );
  });

  it('concurrent requests: one incident per Idempotency-Key; 10 續报 at once take 10 consecutive places on the chain', async () => {
    const staff = await t.as('jshosp.staff');
    const once = JSON.stringify(initial({ title: '并发重复提交' }));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.request('/incidents', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${staff.token}`,
            'content-type': 'application/json',
            'idempotency-key': 'incident-once',
          },
          body: once,
        }),
      ),
    );
    const ids = new Set<string>();
    for (const res of answers) {
      expect([201, 409]).toContain(res.status);
      if (res.status === 201) ids.add((await res.json()).id);
    }
    expect(ids.size).toBe(1);
    expect(await t.database.db.select().from(incidents).where(eq(incidents.title, '并发重复提交'))).toHaveLength(1);
    const [id] = [...ids];
    const updates = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        staff.post(`/incidents/${id}/reports`, { stage: 'update', progress: `第 ${i + 1} 次进展` }),
      ),
    );
    expect(updates.map((r) => r.status)).toEqual(Array(10).fill(201));
    const seqs = (await Promise.all(updates.map((r) => r.json())))
      .map((r: { seq: number }) => r.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await verifyReportChain(t.database.db, id!)).toEqual({ valid: true, versions: 11 });
  });
});
