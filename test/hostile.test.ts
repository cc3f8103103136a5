// Hostile and careless input against the newly merged surface (issue 11): each case here was a
// failure once (a 500, or a record the rules forbid) and is refused now with a Chinese message,
// a stable code and the field, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { backups, evidenceFiles, restoreDrills } from '../db/schema.js';
import { createTestApp, fromPeer, TEST_PROXY, type TestApp } from './support/app.js';

const chinaDay = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('hostile input on the new routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const drill = {
    drilledOn: chinaDay(-3),
    restored: '电子病历库全量备份恢复至演练环境',
    durationMinutes: 30,
    result: 'succeeded',
    evidence: '演练报告 DR-01',
  };

  it('refuses a drill or backup dated in year 0 (was a 500) or in the future (a future drill hid the unit from units-without-drill), writing nothing', async () => {
    const staff = await t.as('jshosp.staff');
    const unitId = await t.unitId('金水区总医院');
    const count = async () => ({
      drills: await t.database.db.$count(restoreDrills, eq(restoreDrills.unitId, unitId)),
      backups: await t.database.db.$count(backups, eq(backups.unitId, unitId)),
    });
    const before = await count();
    const refused = async (path: string, body: unknown, field: string) => {
      const res = await staff.post(path, body);
      const answer = await res.json();
      expect(res.status, JSON.stringify(answer)).toBe(422);
      expect(answer.error.code).toBe('validation_failed');
      expect(answer.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(answer.error.message).toMatch(/[\u4e00-\u9fff]/);
      return answer.error.message as string;
    };
    expect(await refused('/restore-drills', { ...drill, drilledOn: '0000-01-01' }, 'drilledOn')).toContain('1900');
    expect(
      await refused(
        '/backups',
        { scope: '全量', frequency: 'daily', lastPerformedOn: '0000-02-01' },
        'lastPerformedOn',
      ),
    ).toContain('1900');
    expect(await refused('/restore-drills', { ...drill, drilledOn: chinaDay(1) }, 'drilledOn')).toContain(
      '不能晚于今天',
    );
    await refused('/restore-drills', { ...drill, drilledOn: '2999-01-01' }, 'drilledOn');
    await refused('/backups', { scope: '全量', frequency: 'daily', lastPerformedOn: chinaDay(2) }, 'lastPerformedOn');
    expect(await count()).toEqual(before);

    // Today and a follow-up in the future (a plan) are fine; the unit no longer lacks a drill.
    const ok = await staff.post('/restore-drills', {
      ...drill,
      drilledOn: chinaDay(0),
      result: 'partial',
      followUpOn: chinaDay(30),
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
  });

  it('one Idempotency-Key with another query string is another request: 422, not the stored answer (POST /inspection-runs/{id}/report?edition=new got the plain issue back)', async () => {
    const staff = await t.as('jshosp.staff');
    const unitId = await t.unitId('金水区总医院');
    const key = `query-${crypto.randomUUID()}`;
    const body = { scope: '幂等查询参数测试', frequency: 'weekly' };
    const post = (path: string) =>
      t.app.request(
        path,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${staff.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
            'x-forwarded-for': '10.0.0.7',
          },
          body: JSON.stringify(body),
        },
        fromPeer(TEST_PROXY),
      );
    expect((await post('/backups')).status).toBe(201);
    const again = await post('/backups');
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    const before = await t.database.db.$count(backups, eq(backups.unitId, unitId));
    const other = await post('/backups?edition=new');
    const answer = await other.json();
    expect(other.status, JSON.stringify(answer)).toBe(422);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(answer.error.code).toBe('idempotency_key_reused');
    expect(answer.error.details.fields).toEqual([{ field: 'header.idempotency-key', message: expect.any(String) }]);
    expect(await t.database.db.$count(backups, eq(backups.unitId, unitId))).toBe(before);
  });

  it('a replayed 201 still names what it created (Location), as the first answer did', async () => {
    const staff = await t.as('jshosp.staff');
    const key = `location-${crypto.randomUUID()}`;
    const post = () =>
      t.app.request(
        '/restore-drills',
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${staff.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
            'x-forwarded-for': '10.0.0.7',
          },
          body: JSON.stringify(drill),
        },
        fromPeer(TEST_PROXY),
      );
    const first = await post();
    expect(first.status).toBe(201);
    const { id } = await first.json();
    expect(first.headers.get('location')).toBe(`/restore-drills/${id}`);
    const again = await post();
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(again.headers.get('location')).toBe(`/restore-drills/${id}`);
  });

  it("zod's type and size messages reach people in Chinese, without English type names (number, int, string, object)", async () => {
    const staff = await t.as('jshosp.staff');
    const fieldMessages = async (res: Response) => {
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.error.code).toBe('validation_failed');
      return body.error.details.fields as { field: string; message: string }[];
    };
    const answers = [
      ...(await fieldMessages(await staff.get('/restore-drills?pageSize=0'))),
      ...(await fieldMessages(await staff.get('/restore-drills?pageSize=abc'))),
      ...(await fieldMessages(await staff.get('/backups?page=1.5&pageSize=201'))),
      ...(await fieldMessages(await staff.post('/backups', { scope: 7, frequency: 'daily', remark: '   ' }))),
      ...(await fieldMessages(await staff.post('/restore-drills', { ...drill, durationMinutes: -1, restored: null }))),
      ...(await fieldMessages(await staff.post('/restore-drills', { ...drill, evidence: undefined }))),
    ];
    expect(answers.map((f) => f.field).sort()).toEqual(
      ['durationMinutes', 'evidence', 'page', 'pageSize', 'pageSize', 'pageSize', 'remark', 'restored', 'scope'].sort(),
    );
    for (const { field, message } of answers) {
      expect(message, field).toMatch(/[\u4e00-\u9fff]/);
      expect(message, field).not.toMatch(/\b(number|int|string|object|array|undefined)\b/);
    }
  });

  it('an evidence upload retried with its Idempotency-Key is replayed, though each multipart body has its own boundary; another file under the key is 422', async () => {
    const staff = await t.as('jshosp.staff');
    const made = await staff.post('/restore-drills', drill);
    expect(made.status).toBe(201);
    const { id } = await made.json();
    const key = `upload-${crypto.randomUUID()}`;
    const upload = (text: string) => {
      const form = new FormData(); // a new form each time, as a retrying client builds it: a new boundary
      form.append('file', new File([text], '演练记录.txt', { type: 'text/plain' }));
      return t.app.request(
        `/restore-drills/${id}/evidence`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${staff.token}`, 'idempotency-key': key, 'x-forwarded-for': '10.0.0.7' },
          body: form,
        },
        fromPeer(TEST_PROXY),
      );
    };
    const files = () => t.database.db.$count(evidenceFiles, eq(evidenceFiles.restoreDrillId, id));
    const first = await upload('恢复演练日志：全部校验通过');
    expect(first.status, await first.clone().text()).toBe(201);
    const again = await upload('恢复演练日志：全部校验通过');
    expect(again.status, await again.clone().text()).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await files()).toBe(1);
    const other = await upload('另一份文件');
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    expect(await files()).toBe(1);
    // A broken form under a key is the handler's 400, as without one.
    const broken = await t.app.request(
      `/restore-drills/${id}/evidence`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${staff.token}`,
          'content-type': 'multipart/form-data; boundary=x',
          'idempotency-key': `broken-${crypto.randomUUID()}`,
          'x-forwarded-for': '10.0.0.7',
        },
        body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n',
      },
      fromPeer(TEST_PROXY),
    );
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('bad_request');
    expect(await files()).toBe(1);
  });

  it('refuses an evidence file name with a line break or a direction override (报告 + U+202E + fdp.exe reads as 报告exe.pdf), storing nothing', async () => {
    const staff = await t.as('jshosp.staff');
    const made = await staff.post('/restore-drills', drill);
    const { id } = await made.json();
    const upload = (name: string) => {
      const form = new FormData();
      form.append('file', new File(['恢复演练日志'], name, { type: 'text/plain' }));
      return t.app.request(
        `/restore-drills/${id}/evidence`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${staff.token}`, 'x-forwarded-for': '10.0.0.7' },
          body: form,
        },
        fromPeer(TEST_PROXY),
      );
    };
    for (const name of ['报告\u202Efdp.exe', 'a"\r\nX-Injected: 1.txt', '日志\t.txt', 'x\u2066y.txt']) {
      const res = await upload(name);
      const body = await res.json();
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.fields).toEqual([{ field: 'file.name', message: expect.stringMatching(/控制/) }]);
    }
    expect(await t.database.db.$count(evidenceFiles, eq(evidenceFiles.restoreDrillId, id))).toBe(0);
    expect((await upload('恢复演练报告 (终稿).txt')).status).toBe(201);
  });
});
