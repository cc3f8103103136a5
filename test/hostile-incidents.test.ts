// Hostile tests of security-incident reporting and emergency plans: other units' ids, bad bytes,
// concurrency and process abuse, with the real worker, PostgreSQL and Temporal. A failing test here
// is a finding: it asserts the behaviour the README promises (404 for what you may not see, 422
// naming the field, 409 for a step out of order, never a 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { deadlinePolicies, documents, incidentReports, incidents, tasks } from '../db/schema.js';
import { verifyReportChain } from '../db/incident-reports.js';
import { createTestAppWithWorker, type TestAppWithWorker } from './support/worker.js';
import { TEST_PROXY, fromPeer, type Caller } from './support/app.js';
import { waitForTask } from './support/tasks.js';

describe('hostile: incidents and emergency plans', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const initial = (over: Record<string, unknown> = {}) => ({
    level: 'IV',
    category: 'malware',
    title: '办公终端感染木马',
    description: '财务科一台终端发现木马程序。',
    systemsAffected: ['办公网'],
    criticalInfrastructure: false,
    personalInfoAffected: 0,
    discoveredAt: minutesAgo(10),
    measuresTaken: '已断网。',
    contact: { name: '郑小兰', phone: '0371-12345678' },
    ...over,
  });
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
  const taskOf = (workflowId: string, key: string) => waitForTask(t.database.db, workflowId, key);
  const report = async (who: Caller, over: Record<string, unknown> = {}) => {
    const res = await who.post('/incidents', initial(over));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; unitId: number };
  };
  const count = async () => t.database.db.$count(incidents);
  /** No SQL, no stack, no English-only wording in an error body. */
  const expectCleanError = async (res: Response) => {
    const text = await res.clone().text();
    expect(res.status, text).toBeLessThan(500);
    expect(text).not.toMatch(/select |insert |update |violates|syntax error|postgres|at [\w.]+ \(|node_modules/i);
    const body = JSON.parse(text) as { error?: { message?: string } };
    expect(body.error?.message ?? '', text).toMatch(/[\u4e00-\u9fff]/);
  };

  describe('other units and jurisdictions', () => {
    let incident: { id: string; unitId: number };
    beforeAll(async () => {
      incident = await report(await t.as('jshosp.staff'));
    });

    it("another city's hospital and official get 404 for the incident, its reports, a 续报, and see nothing with ?unitId", async () => {
      for (const who of ['lyhosp.staff', 'ly.official', 'jscdc.staff']) {
        const caller = await t.as(who);
        for (const path of [`/incidents/${incident.id}`, `/incidents/${incident.id}/reports/1`]) {
          const res = await caller.get(path);
          expect(res.status, `${who} ${path}`).toBe(404);
          const text = await res.text();
          expect(text).not.toContain('金水区总医院');
        }
        const follow = await caller.post(`/incidents/${incident.id}/reports`, {
          stage: 'update',
          progress: '伪造续报',
        });
        expect(follow.status, who).toBe(404);
        const list = await caller.get(`/incidents?unitId=${incident.unitId}`);
        expect(list.status).toBe(200);
        expect((await list.json()).items, who).toEqual([]);
      }
      expect(await t.database.db.$count(incidentReports, eq(incidentReports.incidentId, incident.id))).toBe(1);
    });

    it("a supervising official cannot file a 续报 for the unit (403), nor can the unit's superiors", async () => {
      for (const who of ['jinshui.official', 'zz.official', 'prov.official']) {
        const res = await (
          await t.as(who)
        ).post(`/incidents/${incident.id}/reports`, { stage: 'update', progress: '代报' });
        expect(res.status, who).toBe(403);
      }
    });

    it("someone else's 签收 task: another city's official, the city above, and the reporting unit itself are refused", async () => {
      const countyId = await t.unitId('郑州市金水区卫生健康委员会');
      const ack = await taskOf(incident.id, `acknowledge-r1-u${countyId}`);
      for (const who of ['ly.official', 'lyhosp.staff', 'jshosp.staff', 'jshosp.leader', 'zz.official']) {
        const res = await (await t.as(who)).post(`/tasks/${ack.id}/complete`, { input: { receiverName: '冒名顶替' } });
        expect([403, 404], `${who}: ${res.status}`).toContain(res.status);
        await expectCleanError(res);
      }
      const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, ack.id));
      expect(row!.status).not.toBe('completed');
    });

    it("the 事件报告单 PDF of another unit's incident is 404 to another city", async () => {
      const county = await t.as('jinshui.official');
      const ack = await taskOf(incident.id, `acknowledge-r1-u${await t.unitId('郑州市金水区卫生健康委员会')}`);
      expect((await county.post(`/tasks/${ack.id}/complete`, { input: { receiverName: '王建国' } })).status).toBe(200);
      let doc: typeof documents.$inferSelect | undefined;
      await expect
        .poll(
          async () =>
            ([doc] = await t.database.db.select().from(documents).where(eq(documents.workflowId, incident.id))).length,
          {
            timeout: 30_000,
          },
        )
        .toBe(1);
      for (const who of ['lyhosp.staff', 'ly.official', 'jscdc.staff']) {
        const res = await (await t.as(who)).get(`/documents/${doc!.id}`);
        expect(res.status, who).toBe(404);
      }
      expect((await (await t.as('zz.official')).get(`/documents/${doc!.id}`)).status).toBe(200);
    });

    it('an official records for a unit outside its jurisdiction: 404; unit staff naming another unit: 404; nothing stored', async () => {
      const before = await count();
      const jshosp = await t.unitId('金水区总医院');
      const lyhosp = await t.unitId('洛阳市中心医院');
      const tries: [string, number][] = [
        ['ly.official', jshosp],
        ['jinshui.official', lyhosp],
        ['jshosp.staff', lyhosp],
        ['jshosp.staff', await t.unitId('金水区疾病预防控制中心').catch(() => lyhosp)],
        ['lyhosp.staff', jshosp],
      ];
      for (const [who, unitId] of tries) {
        const res = await (await t.as(who)).post('/incidents', initial({ unitId }));
        expect([403, 404], `${who} → ${unitId}: ${res.status}`).toContain(res.status);
        const text = await res.text();
        expect(text).not.toContain('金水区总医院');
        expect(text).not.toContain('洛阳市中心医院');
      }
      // Ids that do not exist or are out of range: 404/422, never 500.
      for (const unitId of [0, -1, 2 ** 31, 1.5, '1', null, 999999]) {
        const res = await (await t.as('jinshui.official')).post('/incidents', initial({ unitId }));
        expect([404, 422], `${String(unitId)}: ${res.status}`).toContain(res.status);
      }
      expect(await count()).toBe(before);
    });

    it('an official recording a unit of its own jurisdiction (漏报) works; a non-official supervisor role cannot', async () => {
      const jshosp = await t.unitId('金水区总医院');
      const auditor = await (await t.as('prov.auditor')).post('/incidents', initial({ unitId: jshosp }));
      expect(auditor.status).toBe(403);
      const res = await (await t.as('jinshui.official')).post('/incidents', initial({ unitId: jshosp }));
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await res.json()).toMatchObject({ unitId: jshosp, recordedBySupervisor: true });
    });
  });

  describe('bad bytes', () => {
    it('NUL, lone surrogates, out-of-range numbers, bad levels and dates: 422 naming the field, nothing stored', async () => {
      const staff = await t.as('jshosp.staff');
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ title: '木马\u0000事件' }, 'title'],
        [{ description: 'a\ud800b' }, 'description'],
        [{ contact: { name: '郑\udc00兰', phone: '0371-12345678' } }, 'contact.name'],
        [{ systemsAffected: ['ok', 'x\u0000'] }, 'systemsAffected.1'],
        [{ personalInfoAffected: 1e20 }, 'personalInfoAffected'],
        [{ personalInfoAffected: -1 }, 'personalInfoAffected'],
        [{ personalInfoAffected: 1.5 }, 'personalInfoAffected'],
        [{ personalInfoAffected: '12' }, 'personalInfoAffected'],
        [{ level: 'iii' }, 'level'],
        [{ level: ' III' }, 'level'],
        [{ level: 3 }, 'level'],
        [{ category: 'Ransomware' }, 'category'],
        [{ discoveredAt: '99999-01-01T00:00:00Z' }, 'discoveredAt'],
        [{ discoveredAt: '2026-11-23 08:00' }, 'discoveredAt'],
        [{ discoveredAt: '2026-11-23' }, 'discoveredAt'],
        [{ discoveredAt: 'yesterday' }, 'discoveredAt'],
        [{ discoveredAt: '2026-11-23T08:00:00+99:99' }, 'discoveredAt'],
        [{ discoveredAt: '2026-02-30T08:00:00Z' }, 'discoveredAt'],
        [{ discoveredAt: '2026-11-23T25:00:00Z' }, 'discoveredAt'],
        [{ discoveredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'discoveredAt'],
        [{ systemsAffected: Array.from({ length: 10_000 }, (_, i) => `系统${i}`) }, 'systemsAffected'],
        [{ title: 'x'.repeat(100_000) }, 'title'],
        [{ criticalInfrastructure: 'false' }, 'criticalInfrastructure'],
        [{ contact: { name: '郑小兰', phone: '0371-12345678', extra: 1 } }, 'contact'],
      ];
      for (const [over, field] of cases) {
        const res = await staff.post('/incidents', initial(over));
        const text = await res.clone().text();
        expect.soft(res.status, `${JSON.stringify(over).slice(0, 80)}: ${text.slice(0, 300)}`).toBe(422);
        const body = JSON.parse(text);
        expect
          .soft(
            (body.error.details?.fields ?? []).map((f: { field: string }) => f.field),
            `${JSON.stringify(over).slice(0, 80)}: ${text.slice(0, 300)}`,
          )
          .toContainEqual(expect.stringContaining(field));
        await expectCleanError(res);
      }
      expect(await count()).toBe(before);
    });

    it('a discovery time before 2000 (0000-01-01, 1900, 1965) is a 422 naming discoveredAt, never a 500; 2000 on is taken', async () => {
      const staff = await t.as('jshosp.staff');
      const before = await count();
      for (const discoveredAt of [
        '0000-01-01T00:00:00Z',
        '1900-01-01T00:00:00Z',
        '1950-01-01T00:00:00+08:00',
        '1965-01-01T00:00:00Z',
        '1999-12-31T23:59:59+08:00',
      ]) {
        const res = await staff.post('/incidents', initial({ discoveredAt }));
        const text = await res.clone().text();
        expect(res.status, `${discoveredAt}: ${text.slice(0, 400)}`).toBe(422);
        expect(JSON.parse(text).error.details.fields.map((f: { field: string }) => f.field)).toEqual(['discoveredAt']);
      }
      expect(await count()).toBe(before);
      // A report of something found long ago (a supervisor's 漏报 record, a late report) is still taken, marked 迟报.
      const old = await staff.post('/incidents', initial({ discoveredAt: '2000-01-01T00:00:00+08:00' }));
      expect(old.status).toBe(201);
      expect(await old.json()).toMatchObject({ late: true });
    });

    it('prototype-pollution keys, duplicate keys, deep nesting, wrong content type and broken JSON: 4xx, nothing stored', async () => {
      const staff = await t.as('jshosp.staff');
      const before = await count();
      const base = JSON.stringify(initial());
      const bodies: [string, Record<string, string>][] = [
        [base.replace(/^\{/, '{"__proto__":{"isAdmin":true},'), { 'content-type': 'application/json' }],
        [base.replace(/^\{/, '{"constructor":{"prototype":{"x":1}},'), { 'content-type': 'application/json' }],
        [base.replace(/"contact":\{/, '"contact":{"__proto__":{"y":1},'), { 'content-type': 'application/json' }],
        [
          base.replace(/^\{/, '{"unitId":' + (await t.unitId('洛阳市中心医院')) + ','),
          { 'content-type': 'application/json' },
        ],
        ['{"a":'.repeat(5000) + '1' + '}'.repeat(5000), { 'content-type': 'application/json' }],
        ['['.repeat(100_000) + ']'.repeat(100_000), { 'content-type': 'application/json' }],
        [base.slice(0, -5), { 'content-type': 'application/json' }],
        [base, { 'content-type': 'text/plain' }],
        [base, {}],
        [base, { 'content-type': 'application/x-www-form-urlencoded' }],
        ['', { 'content-type': 'application/json' }],
        ['null', { 'content-type': 'application/json' }],
        ['[]', { 'content-type': 'application/json' }],
        ['"x"', { 'content-type': 'application/json' }],
      ];
      for (const [body, headers] of bodies) {
        const res = await raw(staff.token, 'POST', '/incidents', body, headers);
        const text = await res.clone().text();
        expect
          .soft(res.status, `${body.slice(0, 60)} ${JSON.stringify(headers)}: ${text.slice(0, 300)}`)
          .toBeGreaterThanOrEqual(400);
        expect
          .soft(res.status, `${body.slice(0, 60)} ${JSON.stringify(headers)}: ${text.slice(0, 300)}`)
          .toBeLessThan(500);
      }
      expect(await count()).toBe(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('duplicate JSON keys: the stored report is what the server validated (last key wins, consistently)', async () => {
      const staff = await t.as('jshosp.staff');
      const body = JSON.stringify(initial()).replace(/^\{"level":"IV"/, '{"level":"I","level":"IV"');
      const res = await raw(staff.token, 'POST', '/incidents', body, { 'content-type': 'application/json' });
      expect.soft(res.status, await res.clone().text()).toBe(201);
      const row = await res.json();
      expect(row.level).toBe('IV');
      const [first] = await t.database.db.select().from(incidentReports).where(eq(incidentReports.incidentId, row.id));
      expect(first!.level).toBe('IV');
    });

    it('a body over the size limit is 413; a 续报 with NUL or a lone surrogate is 422 naming the field', async () => {
      const staff = await t.as('jshosp.staff');
      const big = JSON.stringify(initial({ description: 'x'.repeat(13 * 1024 * 1024) }));
      const res = await raw(staff.token, 'POST', '/incidents', big, { 'content-type': 'application/json' });
      expect.soft(res.status).toBe(413);
      await expectCleanError(res);
      const incident = await report(staff);
      for (const [body, field] of [
        [{ stage: 'update', progress: 'a\u0000b' }, 'progress'],
        [{ stage: 'update', progress: 'a\udfffb' }, 'progress'],
        [{ stage: 'update', progress: '进展', personalInfoAffected: 1e20 }, 'personalInfoAffected'],
        [{ stage: 'update', progress: '进展', level: 'V' }, 'level'],
        [{ stage: 'update', progress: '进展', __proto__x: 1 }, ''],
        [{ stage: 'closing', progress: '进展' }, 'stage'],
        [{ progress: '进展' }, 'stage'],
        [{ stage: 'final', cause: '原因' }, 'impact'],
        [{ stage: 'initial', ...initial() }, 'stage'],
      ] as [Record<string, unknown>, string][]) {
        const r = await staff.post(`/incidents/${incident.id}/reports`, body);
        const text = await r.clone().text();
        expect(r.status, `${JSON.stringify(body).slice(0, 80)}: ${text.slice(0, 300)}`).toBe(422);
        if (field) expect(text, JSON.stringify(body).slice(0, 60)).toContain(field);
        await expectCleanError(r);
      }
      expect(await t.database.db.$count(incidentReports, eq(incidentReports.incidentId, incident.id))).toBe(1);
    });
  });

  describe('paths and ids', () => {
    it('traversal, encoded slashes, the form route as id, very long ids, other prefixes: 404 or 422, never 500', async () => {
      const staff = await t.as('jshosp.staff');
      const paths = [
        '/incidents/incident-..%2F..',
        '/incidents/incident-..%2F..%2Freport-form',
        '/incidents/..%2Freport-form',
        '/incidents/report-form/reports/1',
        `/incidents/incident-${'a'.repeat(10_000)}`,
        `/incidents/incident-00000000-0000-0000-0000-000000000000`,
        `/incidents/incident-00000000-0000-0000-0000-000000000000/reports/1`,
        `/incidents/incident-00000000-0000-0000-0000-000000000000/reports/99999999999`,
        `/incidents/incident-00000000-0000-0000-0000-000000000000/reports/-1`,
        `/incidents/incident-00000000-0000-0000-0000-000000000000/reports/1e3`,
        `/incidents/inspection-00000000-0000-0000-0000-000000000000`,
        `/incidents/incident-%00`,
        '/incidents?unitId=abc',
        '/incidents?unitId=99999999999',
        '/incidents?level=iii',
        '/incidents?from=0000-01-01T00:00:00Z',
        '/incidents?to=0000-01-01T00:00:00Z',
        '/incidents?from=9999-12-31T23:59:59Z',
        '/incidents?from=yesterday',
        '/incidents?limit=100000',
        '/incidents?offset=-1',
        '/incidents?late=yes',
      ];
      for (const p of paths) {
        const res = await staff.get(p);
        expect.soft(res.status, `${p.slice(0, 80)}: ${res.status}`).toBeLessThan(500);
        if (!p.startsWith('/incidents?')) expect.soft([404, 422], p.slice(0, 80)).toContain(res.status);
        else expect.soft([200, 422], p.slice(0, 80)).toContain(res.status);
      }
      const post = await staff.post('/incidents/report-form/reports', { stage: 'update', progress: 'x' });
      expect([404, 405, 422]).toContain(post.status);
    });
  });

  describe('concurrency', () => {
    it('50 POST /incidents with one Idempotency-Key at once: one incident, every answer the same id, no 500', async () => {
      const staff = await t.as('jshosp.staff');
      const before = await count();
      const key = `hostile-${Date.now()}`;
      const body = JSON.stringify(initial({ title: '并发幂等' }));
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          raw(staff.token, 'POST', '/incidents', body, { 'content-type': 'application/json', 'idempotency-key': key }),
        ),
      );
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.filter((s) => s >= 500),
        JSON.stringify(statuses),
      ).toEqual([]);
      const ids = new Set<string>();
      for (const r of answers) if (r.status === 201) ids.add((await r.json()).id);
      expect(ids.size).toBe(1);
      expect(await count()).toBe(before + 1);
    });

    it('50 POST /incidents without a key at once: 50 incidents, 50 first 签收 tasks, no 500', async () => {
      const staff = await t.as('jscdc.staff');
      const before = await count();
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => staff.post('/incidents', initial({ title: `并发${i}` }))),
      );
      expect(answers.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
      expect(await count()).toBe(before + 50);
    });

    it('an Idempotency-Key reused with a different body is refused (409/422), the first incident unchanged', async () => {
      const staff = await t.as('jshosp.staff');
      const key = `reuse-${Date.now()}`;
      const first = await raw(staff.token, 'POST', '/incidents', JSON.stringify(initial({ title: '第一次' })), {
        'content-type': 'application/json',
        'idempotency-key': key,
      });
      expect(first.status).toBe(201);
      const id = (await first.json()).id;
      const second = await raw(
        staff.token,
        'POST',
        '/incidents',
        JSON.stringify(initial({ title: '第二次', level: 'I' })),
        {
          'content-type': 'application/json',
          'idempotency-key': key,
        },
      );
      expect([409, 422], await second.clone().text()).toContain(second.status);
      await expectCleanError(second);
      const [row] = await t.database.db.select().from(incidents).where(eq(incidents.id, id));
      expect(row).toMatchObject({ title: '第一次', level: 'IV' });
    });

    it('many 续报 and a 终报 at once: no 500, chain linear and valid, nothing accepted after the 终报', async () => {
      const staff = await t.as('jshosp.staff');
      const incident = await report(staff);
      const handled = await staff.post(`/incidents/${incident.id}/reports`, {
        stage: 'update',
        progress: '已恢复',
        handled: true,
      });
      expect(handled.status, await handled.clone().text()).toBe(201);
      const final = {
        stage: 'final',
        cause: '弱口令',
        impact: '无',
        handling: '清除',
        rectification: '改口令',
        lessons: '加强',
      };
      const bodies = [
        ...Array.from({ length: 10 }, (_, i) => ({ stage: 'update', progress: `进展${i}` })),
        final,
        ...Array.from({ length: 10 }, (_, i) => ({ stage: 'update', progress: `进展b${i}` })),
        final,
      ];
      const answers = await Promise.all(bodies.map((b) => staff.post(`/incidents/${incident.id}/reports`, b)));
      const statuses = answers.map((r) => r.status);
      const odd = await Promise.all(answers.filter((r) => ![201, 409].includes(r.status)).map((r) => r.text()));
      expect(
        statuses.filter((s) => s >= 500),
        JSON.stringify(statuses),
      ).toEqual([]);
      expect(odd, JSON.stringify(statuses)).toEqual([]);
      const rows = await t.database.db
        .select()
        .from(incidentReports)
        .where(eq(incidentReports.incidentId, incident.id));
      const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const finals = rows.filter((r) => r.stage === 'final');
      expect(finals).toHaveLength(1);
      expect(Math.max(...seqs)).toBe(finals[0]!.seq);
      expect(await verifyReportChain(t.database.db, incident.id)).toEqual({ valid: true, versions: rows.length });
      // After the 終报: a 续报 or another 终报 is 409 with a Chinese message.
      for (const b of [{ stage: 'update', progress: '再续报' }, final]) {
        const r = await staff.post(`/incidents/${incident.id}/reports`, b);
        expect(r.status).toBe(409);
        await expectCleanError(r);
      }
    });

    it('续报 racing a 终报 are refused as a conflict (409), never as forbidden (403): the unit may report, it is just too late', async () => {
      const staff = await t.as('jshosp.staff');
      const final = {
        stage: 'final',
        cause: '弱口令',
        impact: '无',
        handling: '清除',
        rectification: '改口令',
        lessons: '加强',
      };
      const seen: string[] = [];
      for (let round = 0; round < 4; round++) {
        const incident = await report(staff, { title: `竞态${round}` });
        const handled = { stage: 'update', progress: '已恢复', handled: true };
        expect((await staff.post(`/incidents/${incident.id}/reports`, handled)).status).toBe(201);
        const bodies = [
          ...Array.from({ length: 10 }, (_, i) => ({ stage: 'update', progress: `进展${i}` })),
          final,
          ...Array.from({ length: 10 }, (_, i) => ({ stage: 'update', progress: `进展b${i}` })),
          final,
        ];
        const answers = await Promise.all(bodies.map((b) => staff.post(`/incidents/${incident.id}/reports`, b)));
        for (const r of answers) if (![201, 409].includes(r.status)) seen.push(`${r.status} ${await r.text()}`);
      }
      expect(seen).toEqual([]);
    });

    it('a 续报 retried with the same Idempotency-Key (one after another, and at once) is stored once', async () => {
      const staff = await t.as('jshosp.staff');
      const incident = await report(staff, { title: '续报重试' });
      const send = (key: string, progress: string) =>
        raw(staff.token, 'POST', `/incidents/${incident.id}/reports`, JSON.stringify({ stage: 'update', progress }), {
          'content-type': 'application/json',
          'idempotency-key': key,
        });
      const first = await send('retry-key-0001', '第一次续报');
      expect(first.status).toBe(201);
      const again = await send('retry-key-0001', '第一次续报');
      expect(again.status).toBeLessThan(300);
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      const burst = await Promise.all(Array.from({ length: 5 }, () => send('retry-key-0002', '第二次续报')));
      expect(burst.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
      const rows = await t.database.db
        .select()
        .from(incidentReports)
        .where(eq(incidentReports.incidentId, incident.id));
      expect(rows.map((r) => r.seq).sort()).toEqual([1, 2, 3]);
    });

    it('the same 签收 task completed twice at once: one 200, the other 409, one acknowledged hop', async () => {
      const staff = await t.as('jshosp.staff');
      const incident = await report(staff);
      const county = await t.as('jinshui.official');
      const ack = await taskOf(incident.id, `acknowledge-r1-u${await t.unitId('郑州市金水区卫生健康委员会')}`);
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          county.post(`/tasks/${ack.id}/complete`, { input: { receiverName: `签收人${i}` } }),
        ),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(statuses)).toEqual([200, 409, 409, 409, 409]);
    });
  });

  describe('process abuse', () => {
    it('a 终报 before the incident is declared handled, a level change to the same level, a final task answered with update', async () => {
      const staff = await t.as('jshosp.staff');
      const incident = await report(staff);
      // Same level as now: nothing to re-route; refused with a reason, or accepted without a second routing.
      const same = await staff.post(`/incidents/${incident.id}/reports`, {
        stage: 'update',
        progress: '级别不变',
        level: 'IV',
      });
      expect(same.status).toBeLessThan(500);
      const countyId = await t.unitId('郑州市金水区卫生健康委员会');
      if (same.status === 201) {
        await new Promise((r) => setTimeout(r, 1500));
        const acks = await t.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.workflowId, incident.id), eq(tasks.type, 'incident_acknowledgement')));
        // A 续报 is acknowledged like every report; but not sent twice to the same office for one version.
        const keys = acks.map((a) => a.taskKey);
        expect(new Set(keys).size).toBe(keys.length);
      }
      await staff.post(`/incidents/${incident.id}/reports`, { stage: 'update', progress: '处置完毕', handled: true });
      const finalTask = await taskOf(incident.id, 'final');
      const wrong = await staff.post(`/tasks/${finalTask.id}/complete`, {
        input: { stage: 'update', progress: '不是终报' },
      });
      expect(wrong.status).toBe(422);
      await expectCleanError(wrong);
      // Another unit completing the unit's 终报 task.
      const other = await (
        await t.as('lyhosp.staff')
      ).post(`/tasks/${finalTask.id}/complete`, {
        input: { stage: 'final', cause: 'x', impact: 'x', handling: 'x', rectification: 'x', lessons: 'x' },
      });
      expect([403, 404]).toContain(other.status);
      const county = await t.as('jinshui.official');
      const offical = await county.post(`/tasks/${finalTask.id}/complete`, {
        input: { stage: 'final', cause: 'x', impact: 'x', handling: 'x', rectification: 'x', lessons: 'x' },
      });
      expect([403, 404]).toContain(offical.status);
      void countyId;
    });

    it('an escalation (督办) task: the late county cannot answer it, and after the original 签收 it is withdrawn and refused (409)', async () => {
      const setAck = (unit: 'seconds' | 'hours', amount: number) =>
        t.database.db
          .update(deadlinePolicies)
          .set({ unit, amount })
          .where(eq(deadlinePolicies.key, 'incident.acknowledge'));
      await setAck('seconds', 4);
      try {
        const staff = await t.as('jshosp.staff');
        const [countyId, cityId] = [
          await t.unitId('郑州市金水区卫生健康委员会'),
          await t.unitId('郑州市卫生健康委员会'),
        ];
        const incident = await report(staff, { title: '督办测试' });
        const escalation = await taskOf(incident.id, `escalation-acknowledge-r1-u${countyId}-u${cityId}`);
        const county = await t.as('jinshui.official');
        const city = await t.as('zz.official');
        for (const who of [county, staff, await t.as('ly.official')]) {
          const res = await who.post(`/tasks/${escalation.id}/complete`, { input: { note: '我自己督办自己' } });
          expect([403, 404]).toContain(res.status);
        }
        const ack = await taskOf(incident.id, `acknowledge-r1-u${countyId}`);
        // The city notes the escalation and the county signs at the same moment: neither is a 500.
        const [a, b] = await Promise.all([
          county.post(`/tasks/${ack.id}/complete`, { input: { receiverName: '王建国' } }),
          city.post(`/tasks/${escalation.id}/complete`, { input: { note: '已督促' } }),
        ]);
        expect(a.status, await a.clone().text()).toBe(200);
        expect([200, 409], await b.clone().text()).toContain(b.status);
        if (b.status === 200) return;
        await expect
          .poll(async () => (await t.database.db.select().from(tasks).where(eq(tasks.id, escalation.id)))[0]!.status, {
            timeout: 15_000,
          })
          .toBe('cancelled');
        const late = await city.post(`/tasks/${escalation.id}/complete`, { input: { note: '已督促' } });
        expect(late.status).toBe(409);
        await expectCleanError(late);
      } finally {
        await setAck('hours', 1);
      }
    });

    it('acknowledging an escalation after the original 签收 was answered is refused (409), no 500', async () => {
      const staff = await t.as('jshosp.staff');
      const incident = await report(staff);
      const countyId = await t.unitId('郑州市金水区卫生健康委员会');
      const ack = await taskOf(incident.id, `acknowledge-r1-u${countyId}`);
      // Force the escalation: make the 签收 overdue now through the policy is not possible for this task
      // (its due time is set), so answer it and try escalation-typed tasks if any exist.
      const county = await t.as('jinshui.official');
      expect((await county.post(`/tasks/${ack.id}/complete`, { input: { receiverName: '王建国' } })).status).toBe(200);
      const again = await county.post(`/tasks/${ack.id}/complete`, { input: { receiverName: '王建国' } });
      expect(again.status).toBe(409);
      await expectCleanError(again);
    });
  });

  describe('emergency plans', () => {
    const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
    const plan = (over: Record<string, unknown> = {}) => ({
      title: '网络与信息安全事件应急预案',
      version: '2026版',
      approvedOn: daysAgo(30),
      nextDrillOn: daysAgo(-150),
      scope: '院内信息系统',
      summary: '分级响应',
      ...over,
    });

    it("another city's unit and official cannot read a plan; unit staff cannot file a plan or drill for another unit", async () => {
      const staff = await t.as('jshosp.staff');
      const created = await staff.post('/emergency-plans', plan());
      expect(created.status, await created.clone().text()).toBe(201);
      const row = await created.json();
      for (const who of ['lyhosp.staff', 'ly.official', 'jscdc.staff']) {
        const res = await (await t.as(who)).get(`/emergency-plans/${row.id}`);
        expect(res.status, who).toBe(404);
        const list = await (await t.as(who)).get(`/emergency-plans?unitId=${row.unitId}`);
        expect(list.status < 500).toBe(true);
        if (list.status === 200) expect((await list.json()).items, who).toEqual([]);
      }
      const countyId = await t.unitId('郑州市金水区卫生健康委员会');
      for (const path of [
        `/emergency-plans/units-without-current-plan?unitId=${countyId}`,
        `/emergency-plans/units-without-current-plan?unitId=${row.unitId}`,
        `/emergency-drills?unitId=${row.unitId}`,
        `/emergency-drills?planId=${row.id}`,
      ]) {
        const res = await (await t.as('ly.official')).get(path);
        expect.soft(res.status, path).toBeLessThan(500);
        const text = await res.text();
        expect.soft(text, path).not.toContain('金水区总医院');
      }
      const lyUnit = await t.unitId('洛阳市中心医院');
      const foreign = await staff.post('/emergency-plans', plan({ unitId: lyUnit }));
      expect([403, 404, 422]).toContain(foreign.status);
      const drill = await (
        await t.as('lyhosp.staff')
      ).post('/emergency-drills', {
        planId: row.id,
        drilledOn: daysAgo(3),
        scenario: '冒名演练',
        result: 'succeeded',
        findings: '无',
        nextDrillOn: daysAgo(-180),
      });
      expect([403, 404, 422]).toContain(drill.status);
    });

    it('plan dates and bytes: 0000-01-01, 99999, Feb 30, NUL, huge text: 422 naming the field', async () => {
      const staff = await t.as('jshosp.staff');
      for (const [over, field] of [
        [{ approvedOn: '0000-01-01' }, 'approvedOn'],
        [{ approvedOn: '99999-01-01' }, 'approvedOn'],
        [{ approvedOn: '2026-02-30' }, 'approvedOn'],
        [{ approvedOn: '2026/01/01' }, 'approvedOn'],
        [{ approvedOn: daysAgo(-30) }, 'approvedOn'],
        [{ nextDrillOn: '0000-01-01' }, 'nextDrillOn'],
        [{ title: 'a\u0000b' }, 'title'],
        [{ scope: 'a\ud800' }, 'scope'],
        [{ summary: 'x'.repeat(1_000_000) }, 'summary'],
      ] as [Record<string, unknown>, string][]) {
        const res = await staff.post('/emergency-plans', plan(over));
        const text = await res.clone().text();
        expect(res.status, `${JSON.stringify(over).slice(0, 60)}: ${text.slice(0, 300)}`).toBe(422);
        expect(text).toContain(field);
      }
      const own = await (await staff.post('/emergency-plans', plan())).json();
      for (const [over, field] of [
        [{ drilledOn: '0000-01-01' }, 'drilledOn'],
        [{ drilledOn: '2026-02-30' }, 'drilledOn'],
        [{ drilledOn: daysAgo(-10) }, 'drilledOn'],
        [{ nextDrillOn: '99999-01-01' }, 'nextDrillOn'],
        [{ result: 'SUCCEEDED' }, 'result'],
        [{ planId: 2 ** 31 }, 'planId'],
        [{ scenario: 'x\u0000' }, 'scenario'],
      ] as [Record<string, unknown>, string][]) {
        const res = await staff.post('/emergency-drills', {
          planId: own.id,
          drilledOn: daysAgo(3),
          scenario: '勒索病毒',
          result: 'succeeded',
          findings: '无',
          nextDrillOn: daysAgo(-180),
          ...over,
        });
        const text = await res.clone().text();
        expect.soft([404, 422], `${JSON.stringify(over)}: ${res.status} ${text.slice(0, 200)}`).toContain(res.status);
        expect.soft(text, JSON.stringify(over)).toContain(field);
      }
      for (const id of ['0', '-1', '99999999999', 'abc', '1.5', '%00']) {
        const res = await staff.get(`/emergency-plans/${id}`);
        expect([404, 422], `${id}: ${res.status}`).toContain(res.status);
      }
    });
  });
});
