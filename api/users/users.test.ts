import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('an admin creates a real-name user; the ID number is stored only as a keyed hash and its last four', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/users', { username: 'new.staff', realName: '杨帆', unitId: await t.unitId('金水区总医院'), roles: ['unit_staff'], idNumber: '41010519900307123X', password: 'a-long-password' });
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
    const res = await admin.post('/users', { username: 'Bad Name', realName: '王', unitId: 1, roles: [], idNumber: '123', password: 'short' });
    expect(res.status).toBe(422);
    const fields = (await res.json()).error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'realName', 'roles', 'idNumber', 'password']));
    expect(await t.database.db.$count(users)).toBe(before);
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
});
