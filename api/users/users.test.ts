import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, users } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('an admin creates a real-name user; the ID number is stored only as a keyed hash and its last four', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/users', {
      username: 'new.staff',
      realName: '杨帆',
      unitId: await t.unitId('金水区总医院'),
      roles: ['unit_staff'],
      idNumber: '41010519900307123X',
      password: 'a-long-password',
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ username: 'new.staff', idNumberLast4: '123X' });
    expect(JSON.stringify(body)).not.toContain('41010519900307');
    const [row] = await t.database.db.select().from(users).where(eq(users.username, 'new.staff'));
    expect(row!.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('41010519900307');
  });

  it('bad input is a 422 naming the field, and no user is written', async () => {
    const admin = await t.as('admin');
    const before = await t.database.db.$count(users);
    const res = await admin.post('/users', {
      username: 'Bad Name',
      realName: '王',
      unitId: 1,
      roles: [],
      idNumber: '123',
      password: 'short',
    });
    expect(res.status).toBe(422);
    const fields = (await res.json()).error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'realName', 'roles', 'idNumber', 'password']));
    expect(await t.database.db.$count(users)).toBe(before);
  });

  it('an admin moves a user to another unit; a unit that does not exist is a 404 and the user stays', async () => {
    const admin = await t.as('admin');
    const [staff] = await t.database.db.select().from(users).where(eq(users.username, 'jscdc.staff'));
    const before = staff!.unitId;
    const missing = await admin.patch(`/users/${staff!.id}`, { unitId: 999_999, roles: ['unit_leader'] });
    expect(missing.status).toBe(404);
    const [unchanged] = await t.database.db.select().from(users).where(eq(users.id, staff!.id));
    expect(unchanged).toMatchObject({ unitId: before, roles: staff!.roles });
    const target = await t.unitId('金水区总医院');
    const moved = await admin.patch(`/users/${staff!.id}`, { unitId: target });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ unitId: target });
    // The moved user now acts for the new unit.
    const me = await (await t.as('jscdc.staff')).get('/auth/me');
    expect(await me.json()).toMatchObject({ unitId: target });
    await admin.patch(`/users/${staff!.id}`, { unitId: before });
  });

  it('a cross-unit read is 404 and a cross-unit write is 404/403 with nothing written', async () => {
    const [target] = await t.database.db.select().from(users).where(eq(users.username, 'lyhosp.staff'));
    const zz = await t.as('zz.official');
    expect((await zz.get(`/users/${target!.id}`)).status).toBe(404);
    expect((await zz.patch(`/users/${target!.id}`, { status: 'disabled' })).status).toBe(404);
    const staff = await t.as('jshosp.staff');
    const [colleague] = await t.database.db.select().from(users).where(eq(users.username, 'jshosp.leader'));
    expect((await staff.patch(`/users/${colleague!.id}`, { roles: ['admin'] })).status).toBe(403);
    const [after] = await t.database.db.select().from(users).where(eq(users.id, colleague!.id));
    expect(after!.roles).toEqual(['unit_leader']);
    const [ly] = await t.database.db.select().from(users).where(eq(users.id, target!.id));
    expect(ly!.status).toBe('active');
  });

  it("a new or reset password follows the rule (NIST SP 800-63B): 12+ characters, not common, not the account's or the system's words; nothing is written", async () => {
    const admin = await t.as('admin');
    const unitId = await t.unitId('金水区总医院');
    const account = { username: 'pw.rule', realName: '程立雪', unitId, roles: ['unit_staff'] };
    const before = await t.database.db.$count(users);
    const refused: Array<[string, string]> = [
      ['          ', 'password'], // ten spaces: too short
      ['1234567890', 'password'],
      ['password12', 'password'],
      ['            ', 'password_common'], // twelve spaces
      ['123456789012', 'password_common'],
      ['password1234', 'password_common'],
      ['pw.rule-0000-00', 'password_context'], // the username and digits
      ['程立雪程立雪程立雪程立雪', 'password_context'], // the real name
      ['我在金水区总医院上班已经十年', 'password_context'], // the unit
      ['Duban-demo-2026', 'password_context'], // the system's name
      ['督办系统的密码就是这个啦', 'password_context'],
    ];
    for (const [password, expected] of refused) {
      const res = await admin.post('/users', { ...account, password });
      expect(res.status, password).toBe(422);
      const [field] = (await res.json()).error.details.fields;
      expect(field.field, password).toBe('password');
      expect(field.message, password).toMatch(/[\u4e00-\u9fff]/); // told in Chinese
      if (expected !== 'password') expect(field.code, password).toBe(expected);
    }
    expect(await t.database.db.$count(users)).toBe(before);
    // Twelve characters of a sentence are enough; no digits or symbols are demanded.
    expect((await admin.post('/users', { ...account, password: '窗外的梧桐树又长高了一截' })).status).toBe(201);

    // A reset follows the same rule, with the account's own names.
    const [created] = await t.database.db.select().from(users).where(eq(users.username, 'pw.rule'));
    const reset = await admin.patch(`/users/${created!.id}`, { password: 'pw.rule20262026' });
    expect(reset.status).toBe(422);
    expect((await reset.json()).error.details.fields[0]).toMatchObject({ field: 'password', code: 'password_context' });
    const [unchanged] = await t.database.db.select().from(users).where(eq(users.id, created!.id));
    expect(unchanged!.passwordHash).toBe(created!.passwordHash);
    expect((await admin.patch(`/users/${created!.id}`, { password: 'correct horse battery staple' })).status).toBe(200);
    expect((await t.as('pw.rule', 'correct horse battery staple')).token).toBeTruthy();
  });

  it('an official lists the inspectors of its jurisdiction (role filter), without ID-number or lock details; unit staff may not list', async () => {
    const official = await t.as('jinshui.official');
    const res = await official.get('/users?role=inspector&pageSize=200');
    expect(res.status).toBe(200);
    const page = await res.json();
    const names = page.items.map((u: { username: string }) => u.username);
    // 金水区's jurisdiction has no inspector; the province's and 郑州's are outside it.
    expect(names).not.toContain('prov.inspector');
    expect(names).not.toContain('zz.official');
    const zz = await (await (await t.as('zz.official')).get('/users?role=inspector&pageSize=200')).json();
    expect(zz.items.map((u: { username: string }) => u.username)).toEqual(['zz.official']);
    expect(zz.total).toBe(1);
    for (const u of zz.items) {
      expect(u.roles).toContain('inspector');
      expect(u).not.toHaveProperty('idNumberLast4');
      expect(u).not.toHaveProperty('lockedUntil');
    }
    const all = await (await (await t.as('zz.official')).get('/users?pageSize=200')).json();
    expect(all.items.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['jshosp.staff', 'jinshui.official', 'zz.official']),
    );
    expect(all.items.map((u: { username: string }) => u.username)).not.toContain('lyhosp.staff');
    // The admin still sees everyone, with the last four ID digits.
    const admin = await (await (await t.as('admin')).get('/users?pageSize=200')).json();
    expect(admin.items.every((u: object) => 'idNumberLast4' in u)).toBe(true);
    expect(admin.items.map((u: { username: string }) => u.username)).toContain('lyhosp.staff');
    // Looking up a jurisdiction's people is recorded, with the filter used.
    const lookups = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUsername, 'zz.official'), eq(auditEvents.action, 'list')));
    expect(lookups.map((e) => e.detail)).toEqual(
      expect.arrayContaining([expect.objectContaining({ role: 'inspector', shown: 1 })]),
    );
    const staff = await (await t.as('jshosp.staff')).get('/users');
    expect(staff.status).toBe(403);
    expect((await staff.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/用户列表/) });
  });
});
