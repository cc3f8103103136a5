import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { units } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('units and jurisdiction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('an official sees its subtree, an institution only itself', async () => {
    const zz = await (await (await t.as('zz.official')).get('/units?pageSize=200')).json();
    expect(zz.total).toBe(zz.items.length);
    const names = zz.items.map((u: { name: string }) => u.name);
    expect(names).toContain('金水区总医院');
    expect(names).not.toContain('洛阳市中心医院');
    expect(names).not.toContain('河南省卫生健康委员会');
    const own = await (await (await t.as('jshosp.staff')).get('/units')).json();
    expect(own).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(own.items.map((u: { name: string }) => u.name)).toEqual(['金水区总医院']);
  });

  it('a cross-unit read is 404 and a cross-unit write is 404 with nothing written', async () => {
    const sibling = await t.unitId('金水区疾病预防控制中心');
    const staff = await t.as('jshosp.staff');
    expect((await staff.get(`/units/${sibling}`)).status).toBe(404);
    const ly = await t.as('ly.official');
    expect((await ly.get(`/units/${await t.unitId('金水区总医院')}`)).status).toBe(404);
    const admin = await t.as('admin');
    // An admin of a city cannot exist in demo data; a unit staff writing is refused and writes nothing.
    const res = await staff.patch(`/units/${sibling}`, { name: '改名' });
    expect(res.status).toBe(404);
    const before = await t.database.db.$count(units);
    const created = await staff.post('/units', {
      orgCode: '12410105MB0000198Y',
      name: '越权医院',
      kind: 'hospital',
      parentId: sibling,
    });
    expect(created.status).toBe(404);
    const own = await staff.post('/units', {
      orgCode: '12410105MB0000198Y',
      name: '越权医院',
      kind: 'hospital',
      parentId: await t.unitId('金水区总医院'),
    });
    expect(own.status).toBe(403);
    expect(await t.database.db.$count(units)).toBe(before);
    const [unchanged] = await t.database.db.select().from(units).where(eq(units.id, sibling));
    expect(unchanged!.name).toBe('金水区疾病预防控制中心');
    expect((await admin.patch(`/units/${sibling}`, { name: '金水区疾控中心' })).status).toBe(200);
  });

  it('a duplicate organisation code is a 409 naming it', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/units', {
      orgCode: '12410105MB0000101K',
      name: '重复',
      kind: 'hospital',
      parentId: await t.unitId('郑州市金水区卫生健康委员会'),
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('12410105MB0000101K');
  });
});
