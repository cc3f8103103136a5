// Chinese for people, codes for programs (issue 11 item 6): a sample of every kind of refusal the API
// gives — 400, 401, 403, 404, 409, 413, 415, 422 with field errors from zod and from handlers — each
// keeps its stable code and field paths, and every message a person reads is Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { createTestApp, type Caller, type TestApp } from '../test/support/app.js';

const CJK = /[\u4e00-\u9fff]/;

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { field: string; message: string }[] } };
}

/** Asserts a refusal's status and code, and that its message and every field message are Chinese. */
async function expectChineseRefusal(res: Response, status: number, code: string, fields?: string[]) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message, body.error.message).toMatch(CJK);
  for (const f of body.error.details?.fields ?? []) expect(f.message, `${f.field}: ${f.message}`).toMatch(CJK);
  if (fields) expect(body.error.details?.fields?.map((f) => f.field)).toEqual(expect.arrayContaining(fields));
  return body;
}

describe('error messages are Chinese, codes stable', () => {
  let t: TestApp;
  let admin: Caller;
  let staff: Caller;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as('admin');
    staff = await t.as('jshosp.staff');
  });
  afterAll(() => t?.close());

  const raw = (caller: Caller | undefined, method: string, path: string, body?: string, type = 'application/json') =>
    t.app.request(path, {
      method,
      headers: {
        ...(caller ? { authorization: `Bearer ${caller.token}` } : {}),
        ...(body !== undefined ? { 'content-type': type } : {}),
      },
      body,
    });

  it('401: no token, a wrong password', async () => {
    await expectChineseRefusal(await raw(undefined, 'GET', '/units'), 401, 'unauthenticated');
    await expectChineseRefusal(
      await raw(undefined, 'POST', '/auth/login', JSON.stringify({ username: 'admin', password: 'not-the-password' })),
      401,
      'unauthenticated',
    );
    await expectChineseRefusal(await raw({ token: 'x'.repeat(40) } as Caller, 'GET', '/units'), 401, 'unauthenticated');
  });

  it('403: a role that may not act', async () => {
    await expectChineseRefusal(await staff.get('/audit'), 403, 'forbidden');
    await expectChineseRefusal(await staff.get('/users'), 403, 'forbidden');
    await expectChineseRefusal(await staff.patch('/deadline-policies/notice.receipt', { amount: 2 }), 403, 'forbidden');
  });

  it('404: an unknown route, an unknown or unseen object', async () => {
    await expectChineseRefusal(await staff.get('/no-such-thing'), 404, 'not_found');
    await expectChineseRefusal(await staff.get('/tasks/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    await expectChineseRefusal(await staff.get('/inspection-plans/no-such-plan'), 422, 'validation_failed', ['id']);
    await expectChineseRefusal(await staff.get('/handovers/no-such-handover'), 422, 'validation_failed', ['id']);
    await expectChineseRefusal(await staff.get('/inspections/no-such-inspection'), 404, 'not_found');
    await expectChineseRefusal(await staff.get('/evidence/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    const [other] = await t.database.db.select().from(users).where(eq(users.username, 'lyhosp.staff'));
    await expectChineseRefusal(await (await t.as('zz.official')).get(`/users/${other!.id}`), 404, 'not_found');
  });

  it('409: a taken username, nothing written', async () => {
    const before = await t.database.db.$count(users);
    await expectChineseRefusal(
      await admin.post('/users', {
        username: 'jshosp.staff',
        realName: '重名者',
        unitId: await t.unitId('金水区总医院'),
        roles: ['unit_staff'],
        password: '窗外的梧桐树又长高了一截',
      }),
      409,
      'conflict',
    );
    expect(await t.database.db.$count(users)).toBe(before);
  });

  it('422: zod field errors (types, lengths, unknown keys, regexes) and handler field errors', async () => {
    await expectChineseRefusal(
      await admin.post('/users', {
        username: 'Bad Name',
        realName: '王',
        unitId: 'one',
        roles: [],
        idNumber: '123',
        password: 'short',
        isSuperuser: true,
      }),
      422,
      'validation_failed',
      ['username', 'realName', 'unitId', 'roles', 'idNumber', 'password'],
    );
    await expectChineseRefusal(await staff.get('/tasks?pageSize=0&scope=everything'), 422, 'validation_failed', [
      'pageSize',
      'scope',
    ]);
    await expectChineseRefusal(
      await admin.post('/users', {
        username: 'weak.pw',
        realName: '弱密码',
        unitId: await t.unitId('金水区总医院'),
        roles: ['unit_staff'],
        password: 'password1234',
      }),
      422,
      'validation_failed',
      ['password'],
    );
  });

  it('400, 413, 415: malformed JSON, an oversized body, a body of the wrong type', async () => {
    await expectChineseRefusal(await raw(admin, 'POST', '/units', '{"name": '), 400, 'malformed_json');
    await expectChineseRefusal(
      await raw(admin, 'POST', '/units', JSON.stringify({ name: 'x'.repeat(2_000_000) })),
      413,
      'payload_too_large',
    );
    await expectChineseRefusal(
      await raw(admin, 'POST', '/units', 'name=x', 'text/plain'),
      415,
      'unsupported_media_type',
    );
  });
});
