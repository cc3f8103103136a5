// 责任追究 attacked as a hostile user would (000 第三十五条; 001 第二十二条): reading other units' cases,
// deciding without being the supervising commission's leader, racing and poisoning the statement, and
// replaying an Idempotency-Key with another body. Real worker, PostgreSQL and Temporal, as in
// api/accountability-cases/accountability-cases.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { accountabilityCaseEvents, accountabilityCases, processStarts, tasks } from '../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from './support/worker.js';
import { fromPeer, TEST_PROXY, type Caller } from './support/app.js';

describe('accountability cases under attack', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const taskOf = async (workflowId: string, key: string) => {
    let row: typeof tasks.$inferSelect | undefined;
    await expect
      .poll(
        async () =>
          ([row] = await t.database.db
            .select()
            .from(tasks)
            .where(and(eq(tasks.workflowId, workflowId), eq(tasks.taskKey, key)))).length,
        { timeout: 30_000 },
      )
      .toBe(1);
    return row!;
  }; /** The workflow of case `id`, as opened with it (its id is unique: domain/accountability.ts caseWorkflowId). */
  const caseWorkflow = async (id: number) =>
    (
      await t.database.db
        .select({ workflowId: accountabilityCases.workflowId })
        .from(accountabilityCases)
        .where(eq(accountabilityCases.id, id))
    )[0]!.workflowId!;

  const detail = async (id: number) => {
    const res = await (await t.as('jinshui.leader')).get(`/accountability-cases/${id}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const eventsOf = async (caseId: number) =>
    (
      await t.database.db
        .select({ kind: accountabilityCaseEvents.kind })
        .from(accountabilityCaseEvents)
        .where(eq(accountabilityCaseEvents.caseId, caseId))
    ).map((e) => e.kind);
  const totals = async () => ({
    cases: (await t.database.db.select({ n: count() }).from(accountabilityCases))[0]!.n,
    starts: (await t.database.db.select({ n: count() }).from(processStarts))[0]!.n,
    events: (await t.database.db.select({ n: count() }).from(accountabilityCaseEvents))[0]!.n,
  });
  const openBody = async () => ({
    unitId: await t.unitId('金水区总医院'),
    facts: ['未按规定开展数据备份恢复演练。'],
    responsiblePerson: { name: '张伟', position: '信息科科长' },
  });
  /** A case opened by hand and investigated, waiting for the party's statement. */
  const atStatement = async () => {
    const res = await (await t.as('jinshui.official')).post('/accountability-cases', await openBody());
    expect(res.status, await res.clone().text()).toBe(201);
    const kase = (await res.json()) as { id: number };
    const wf = await caseWorkflow(kase.id);
    const investigation = await taskOf(wf, 'investigation');
    const done = await (
      await t.as('jinshui.official')
    ).post(`/tasks/${investigation.id}/complete`, {
      input: {
        facts: ['2026年全年未开展数据备份恢复演练。'],
        articles: ['000 第三十五条'],
        severity: 'serious',
        proposedMeasure: 'criticism',
        reasons: ['经督促仍未整改。'],
      },
    });
    expect(done.status, await done.clone().text()).toBe(200);
    const statement = await taskOf(wf, 'statement');
    return { id: kase.id, wf, statement };
  };
  const atDecision = async () => {
    const kase = await atStatement();
    const waived = await (
      await t.as('jshosp.staff')
    ).post(`/accountability-cases/${kase.id}/statement`, { waived: true });
    expect(waived.status, await waived.clone().text()).toBe(200);
    return { ...kase, decision: await taskOf(kase.wf, 'decision') };
  };

  it('another unit reads nothing of the case: not by id, not by listing with its unitId, not in its summary', async () => {
    const { id } = await atStatement();
    const hospitalId = await t.unitId('金水区总医院');
    for (const who of ['jscdc.staff', 'jscdc.leader', 'lyhosp.staff', 'ly.official']) {
      const caller = await t.as(who);
      const byId = await caller.get(`/accountability-cases/${id}`);
      expect(byId.status, who).toBe(404);
      expect(await byId.text(), who).not.toContain('金水区总医院');
      const listed = await caller.get(`/accountability-cases?unitId=${hospitalId}`);
      expect(listed.status, who).toBe(200);
      const page = await listed.json();
      expect(page.items, who).toEqual([]);
      expect(JSON.stringify(page), who).not.toContain('金水区总医院');
      const summary = await caller.get(`/accountability-cases/summary?year=${new Date().getFullYear()}`);
      expect(summary.status, who).toBe(200);
      expect(await summary.text(), who).not.toContain('金水区总医院');
      const statementAttempt = await caller.post(`/accountability-cases/${id}/statement`, { waived: true });
      expect(statementAttempt.status, who).toBe(404);
    }
    // The party's own summary counts only its own cases, not the jurisdiction above it.
    const own = await (await (await t.as('jshosp.staff')).get(`/accountability-cases/summary?year=2026`)).json();
    expect(own.byUnit.map((u: { unitName: string }) => u.unitName)).toEqual(['金水区总医院']);
    // Nothing was stated by the strangers: the case still waits for the party.
    expect((await detail(id)).stage).toBe('awaiting_statement');
    expect(await eventsOf(id)).toEqual(['opened', 'investigated']);
  });

  it('only the supervising commission’s leader decides: the party, an official and the province’s leader are refused', async () => {
    const { id, decision } = await atDecision();
    const form = { decision: 'no_action', reasons: ['自行了结'] };
    const attempts: [string, 'task' | 'case', number][] = [
      ['jshosp.staff', 'task', 404],
      ['jshosp.leader', 'task', 404],
      ['jshosp.staff', 'case', 403],
      ['jshosp.leader', 'case', 403],
      ['jinshui.official', 'task', 403],
      ['jinshui.official', 'case', 403],
      // The province's leader reads the case (its subtree) but the task inbox shows leaders no tasks of other units.
      ['prov.leader', 'task', 404],
      ['prov.leader', 'case', 403],
      ['lyhosp.leader', 'case', 404],
    ];
    for (const [who, via, status] of attempts) {
      const caller: Caller = await t.as(who);
      const res =
        via === 'task'
          ? await caller.post(`/tasks/${decision.id}/complete`, { input: form })
          : await caller.post(`/accountability-cases/${id}/decision`, form);
      expect(res.status, `${who} via ${via}: ${await res.clone().text()}`).toBe(status);
    }
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.id, decision.id));
    expect(task).toMatchObject({ status: 'open' });
    expect(await eventsOf(id)).not.toContain('decided');
    expect((await detail(id)).stage).toBe('awaiting_decision');
    // The rightful leader still decides afterwards.
    const ok = await (await t.as('jinshui.leader')).post(`/accountability-cases/${id}/decision`, form);
    expect(ok.status, await ok.clone().text()).toBe(200);
    await expect.poll(async () => (await detail(id)).stage, { timeout: 30_000 }).toBe('closed');
  });

  it('poisoned statements are 422 naming the field, nothing is written, and the case still proceeds', async () => {
    const { id, wf, statement } = await atStatement();
    const staff = await t.as('jshosp.staff');
    const before = await totals();
    // A body over 1 MB is cut off before it is read (413, no field to name).
    const huge = await staff.post(`/accountability-cases/${id}/statement`, {
      waived: false,
      text: '长'.repeat(400_000),
    });
    expect(huge.status).toBe(413);
    for (const [body, field] of [
      [{ waived: false, text: '已整改\u0000' }, 'text'],
      [{ waived: false, text: '已整改\ud800' }, 'text'],
      [{ waived: false, text: 'a'.repeat(900_000) }, 'text'],
      [{ waived: true, caseId: 1 }, ''],
      [{ waived: 'yes' }, 'waived'],
      [{ waived: false }, 'text'],
    ] as const) {
      const res = await staff.post(`/accountability-cases/${id}/statement`, body);
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(422);
      const fields = JSON.parse(text).error.details.fields.map((f: { field: string }) => f.field);
      if (field) expect(fields, text.slice(0, 300)).toContain(field);
      else expect(fields.length, text.slice(0, 300)).toBeGreaterThan(0);
      expect(text).not.toContain('a'.repeat(100));
    }
    // The same through the task inbox.
    const viaTask = await staff.post(`/tasks/${statement.id}/complete`, { input: { waived: false, text: 'a\u0000' } });
    expect(viaTask.status).toBe(422);
    expect(await totals()).toEqual(before);
    expect((await detail(id)).stage).toBe('awaiting_statement');
    // Not jammed: a proper statement still goes through to the decision.
    const ok = await staff.post(`/accountability-cases/${id}/statement`, { waived: false, text: '我院已完成演练。' });
    expect(ok.status, await ok.clone().text()).toBe(200);
    await taskOf(wf, 'decision');
  });

  it('陈述申辩 is the party’s staff or leader: another role of the same unit is refused by the task inbox too', async () => {
    const { id, wf, statement } = await atStatement();
    const created = await (
      await t.as('admin')
    ).post('/users', {
      username: `jshosp.auditor.${id}`,
      realName: '赵敏',
      unitId: await t.unitId('金水区总医院'),
      roles: ['auditor'],
      password: 'a-long-password-3',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const auditor = await t.as(`jshosp.auditor.${id}`, 'a-long-password-3');
    const viaCase = await auditor.post(`/accountability-cases/${id}/statement`, { waived: true });
    expect(viaCase.status).toBe(403);
    const viaTask = await auditor.post(`/tasks/${statement.id}/complete`, { input: { waived: true } });
    expect(viaTask.status, await viaTask.clone().text()).toBe(403);
    expect(await eventsOf(id)).toEqual(['opened', 'investigated']);
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.id, statement.id));
    expect(task).toMatchObject({ status: 'open' });
    // The party itself still states.
    const ok = await (await t.as('jshosp.leader')).post(`/tasks/${statement.id}/complete`, { input: { waived: true } });
    expect(ok.status, await ok.clone().text()).toBe(200);
    await taskOf(wf, 'decision');
  });

  it('a decision task a colleague has claimed cannot be taken over through POST …/decision', async () => {
    const { id, decision } = await atDecision();
    const created = await (
      await t.as('admin')
    ).post('/users', {
      username: `jinshui.leader.${id}`,
      realName: '陈静',
      unitId: await t.unitId('郑州市金水区卫生健康委员会'),
      roles: ['commission_leader'],
      password: 'a-long-password-2',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const holder = await t.as(`jinshui.leader.${id}`, 'a-long-password-2');
    const claimed = await holder.post(`/tasks/${decision.id}/claim`);
    expect(claimed.status, await claimed.clone().text()).toBe(200);
    const form = { decision: 'no_action', reasons: ['不予追究'] };
    const other = await (await t.as('jinshui.leader')).post(`/accountability-cases/${id}/decision`, form);
    expect(other.status, await other.clone().text()).toBe(409);
    expect((await other.json()).error.code).toBe('task_claimed');
    expect(await eventsOf(id)).not.toContain('decided');
    const mine = await holder.post(`/accountability-cases/${id}/decision`, form);
    expect(mine.status, await mine.clone().text()).toBe(200);
  });

  it('the party stating twice at once: exactly one statement is taken, the other is refused', async () => {
    const { id, wf } = await atStatement();
    const [a, b] = [await t.as('jshosp.staff'), await t.as('jshosp.leader')];
    const answers = await Promise.all([
      a.post(`/accountability-cases/${id}/statement`, { waived: false, text: '甲：我院已整改。' }),
      b.post(`/accountability-cases/${id}/statement`, { waived: true }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    await taskOf(wf, 'decision');
    const stated = (await eventsOf(id)).filter((k) => k.startsWith('statement'));
    expect(stated).toHaveLength(1);
    // Once decided on, a late statement is a 409 and writes nothing.
    const late = await a.post(`/accountability-cases/${id}/statement`, { waived: false, text: '补充陈述。' });
    expect(late.status).toBe(409);
    expect((await eventsOf(id)).filter((k) => k.startsWith('statement'))).toHaveLength(1);
  });

  it('opening by hand: poisoned or foreign input is refused and writes nothing; a reused key with another body is 422', async () => {
    const official = await t.as('jinshui.official');
    const base = await openBody();
    const before = await totals();
    for (const [body, status, field] of [
      [{ ...base, facts: ['事实\u0000'] }, 422, 'facts.0'],
      [{ ...base, facts: ['\udc00'] }, 422, 'facts.0'],
      [{ ...base, facts: ['长'.repeat(1_000_000)] }, 413, ''],
      [{ ...base, facts: ['a'.repeat(900_000)] }, 422, 'facts.0'],
      [{ ...base, supervisingUnitId: 1 }, 422, ''],
      [{ ...base, responsiblePerson: { name: '张伟', role: 'x' } }, 422, ''],
      [{ ...base, unitId: await t.unitId('洛阳市中心医院') }, 404, ''],
      [{ ...base, unitId: 2_147_483_647 }, 404, ''],
      [{ ...base, unitId: await t.unitId('河南省卫生健康委员会') }, 404, ''],
    ] as const) {
      const res = await official.post('/accountability-cases', body);
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(status);
      if (status === 422) {
        const fields = JSON.parse(text).error.details.fields.map((f: { field: string }) => f.field);
        if (field) expect(fields).toContain(field);
        else expect(fields.length).toBeGreaterThan(0);
      }
    }
    expect(await totals()).toEqual(before);

    const key = `hostile-${crypto.randomUUID()}`;
    const withKey = (body: unknown) =>
      t.app.request(
        '/accountability-cases',
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${official.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
        },
        fromPeer(TEST_PROXY),
      );
    const first = await withKey(base);
    expect(first.status, await first.clone().text()).toBe(201);
    const again = await withKey(base);
    expect(again.status).toBe(201);
    expect((await again.json()).id).toBe((await first.json()).id);
    const other = await withKey({ ...base, facts: ['另一事实'] });
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    const after = await totals();
    expect(after.cases).toBe(before.cases + 1);
  });
});
