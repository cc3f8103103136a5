// The data-holdings register: a unit keeps its own, supervisors read it, nobody else sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataHoldings } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { sampleItems } from '../../test/support/handovers.js';

describe('data-holdings register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a unit registers, corrects and retires its holdings; its supervisors read them; other units get 404 and change nothing', async () => {
    const staff = await t.as('jshosp.staff');
    const [dataset, , medium] = sampleItems('登记');
    const created = await staff.post('/data-holdings', dataset);
    expect(created.status).toBe(201);
    const holding = await created.json();
    expect(holding).toMatchObject({
      unitId: await t.unitId('金水区总医院'),
      kind: 'dataset',
      storageLocation: dataset.storageLocation,
      status: 'active',
    });

    const corrected = await staff.patch(`/data-holdings/${holding.id}`, { recordCount: 1_300_000 });
    expect(corrected.status).toBe(200);
    expect((await corrected.json()).recordCount).toBe(1_300_000);

    for (const supervisor of ['jinshui.official', 'zz.official', 'prov.inspector']) {
      const caller = await t.as(supervisor);
      expect((await caller.get(`/data-holdings/${holding.id}`)).status, supervisor).toBe(200);
      expect(
        (await (await caller.get('/data-holdings')).json()).items.map((h: { id: number }) => h.id),
        supervisor,
      ).toContain(holding.id);
    }
    // Supervisors read; only the unit keeps its register: 403 for whoever sees it but does not keep it.
    const official = await t.as('jinshui.official');
    expect((await official.patch(`/data-holdings/${holding.id}`, { recordCount: 1 })).status).toBe(403);
    expect((await official.del(`/data-holdings/${holding.id}`)).status).toBe(403);
    expect((await official.post('/data-holdings', { ...dataset, unitId: await t.unitId('金水区总医院') })).status).toBe(
      403,
    );
    // A colleague of the unit in a role that does not keep the register: 403 too.
    const infoCentre = await t.as('infocenter.staff');
    expect((await infoCentre.post('/data-holdings', dataset)).status).toBe(403);
    expect(await (await staff.get(`/data-holdings/${holding.id}`)).json()).toMatchObject({
      recordCount: 1_300_000,
      status: 'active',
    });
    expect(await t.database.db.$count(dataHoldings)).toBe(4); // the seeded three and this one

    const before = await t.database.db.select().from(dataHoldings);
    for (const outsider of ['jscdc.staff', 'lyhosp.staff', 'ly.official']) {
      const caller = await t.as(outsider);
      expect((await caller.get(`/data-holdings/${holding.id}`)).status, outsider).toBe(404);
      expect((await caller.patch(`/data-holdings/${holding.id}`, { recordCount: 1 })).status, outsider).toBe(404);
      expect((await caller.del(`/data-holdings/${holding.id}`)).status, outsider).toBe(404);
      expect(
        (await caller.post('/data-holdings', { ...dataset, unitId: await t.unitId('金水区总医院') })).status,
        outsider,
      ).toBe(404);
      expect(
        (await (await caller.get('/data-holdings')).json()).items.map((h: { id: number }) => h.id),
        outsider,
      ).not.toContain(holding.id);
    }
    expect(await t.database.db.select().from(dataHoldings)).toEqual(before);

    const retired = await staff.del(`/data-holdings/${holding.id}`);
    expect(retired.status).toBe(200);
    expect((await retired.json()).status).toBe('retired');
    expect((await staff.patch(`/data-holdings/${holding.id}`, { recordCount: 2 })).status).toBe(409);
    expect(
      (await (await staff.get('/data-holdings?status=retired')).json()).items.map((h: { id: number }) => h.id),
    ).toEqual([holding.id]);
    expect((await staff.post('/data-holdings', medium)).status).toBe(201);
  });

  it('refuses incomplete entries with field errors and writes nothing', async () => {
    const staff = await t.as('jscdc.staff');
    const before = await t.database.db.select().from(dataHoldings);
    const [dataset, , medium] = sampleItems('无效');
    const noSerial = await staff.post('/data-holdings', { ...medium, serialNumber: undefined });
    expect(noSerial.status).toBe(422);
    expect(JSON.stringify(await noSerial.json())).toContain('第三十条');
    const badSum = await staff.post('/data-holdings', { ...dataset, sha256: 'not-a-digest' });
    expect(badSum.status).toBe(422);
    expect(JSON.stringify(await badSum.json())).toContain('sha256');
    expect(
      (await staff.post('/data-holdings', { ...dataset, storageLocation: { country: 'china', region: '' } })).status,
    ).toBe(422);
    expect((await staff.post('/data-holdings', { ...dataset, kind: 'spreadsheet' })).status).toBe(422);
    expect(await t.database.db.select().from(dataHoldings)).toEqual(before);
  });

  it('refuses a holding stored abroad citing 000 第十八条, on registration and on correction, writing nothing', async () => {
    const staff = await t.as('jshosp.staff');
    const [dataset] = sampleItems('境外');
    const before = await t.database.db.select().from(dataHoldings);
    for (const country of ['US', 'SG', 'HK']) {
      const refused = await staff.post('/data-holdings', {
        ...dataset,
        storageLocation: { country, region: '云区域' },
      });
      expect(refused.status, country).toBe(422);
      const body = await refused.json();
      expect(body.error.message).toContain('《河南省全民健康信息管理实施细则》第十八条');
      expect(body.error.details.fields).toEqual([
        {
          field: 'storageLocation.country',
          message: expect.stringContaining('《河南省全民健康信息管理实施细则》第十八条'),
        },
      ]);
    }
    expect(await t.database.db.select().from(dataHoldings)).toEqual(before);

    const created = await staff.post('/data-holdings', dataset);
    expect(created.status).toBe(201);
    const holding = await created.json();
    const moved = await staff.patch(`/data-holdings/${holding.id}`, {
      storageLocation: { country: 'JP', region: 'Tokyo region' },
    });
    expect(moved.status).toBe(422);
    expect((await moved.json()).error.details.fields).toEqual([
      {
        field: 'storageLocation.country',
        message: expect.stringContaining('《河南省全民健康信息管理实施细则》第十八条'),
      },
    ]);
    expect(await (await staff.get(`/data-holdings/${holding.id}`)).json()).toMatchObject({
      storageLocation: dataset.storageLocation,
    });
  });
});
