// Checklist templates stay within their jurisdiction: read by the owner, the units below it and
// above it; changed only by the owner or a unit above it (the province for the default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { checklistTemplates } from '../../db/schema.js';
import { DEFAULT_CHECKLIST_CODE } from '../../db/default-checklist.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

const items = [{ key: 'backup', text: '具备数据存储与容灾备份条件', article: '000 第十四条' }];

describe('checklist templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const codes = async (username: string) =>
    ((await (await (await t.as(username)).get('/checklist-templates')).json()).items as { code: string }[]).map(
      (r) => r.code,
    );

  it('a Luoyang template is invisible to Zhengzhou (404, nothing written) and changed only by its owner and the province', async () => {
    const ly = await t.as('ly.official');
    const created = await ly.post('/checklist-templates', { code: 'ly-backup', title: '洛阳市备份专项检查', items });
    expect(created.status).toBe(201);
    const template = await created.json();
    expect(template.ownerUnitId).toBe(await t.unitId('洛阳市卫生健康委员会'));

    const before = await t.database.db.select().from(checklistTemplates);
    for (const outsider of ['zz.official', 'jinshui.official']) {
      const caller = await t.as(outsider);
      expect((await caller.post('/checklist-templates/ly-backup/versions', { items })).status, outsider).toBe(404);
      expect((await caller.get(`/checklist-templates/${template.id}`)).status, outsider).toBe(404);
      expect(await codes(outsider), outsider).not.toContain('ly-backup');
    }
    expect(await t.database.db.select().from(checklistTemplates)).toEqual(before);

    // The province above it may publish a version; the template stays Luoyang's.
    const prov = await t.as('prov.inspector');
    const v2 = await prov.post('/checklist-templates/ly-backup/versions', {
      items,
      title: '洛阳市备份专项检查（修订）',
    });
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ version: 2, ownerUnitId: template.ownerUnitId });
    expect((await ly.post('/checklist-templates/ly-backup/versions', { items })).status).toBe(201);
  });

  it('units below read an inherited template but may not change it (403); staff may not either (403)', async () => {
    const zz = await t.as('zz.official');
    expect(
      (await zz.post('/checklist-templates', { code: 'zz-outsourcing', title: '郑州市外包专项检查', items })).status,
    ).toBe(201);
    expect(await codes('jinshui.official')).toEqual(expect.arrayContaining(['zz-outsourcing', DEFAULT_CHECKLIST_CODE]));
    expect(await codes('jshosp.staff')).toEqual(expect.arrayContaining(['zz-outsourcing', DEFAULT_CHECKLIST_CODE]));
    expect(await codes('ly.official')).not.toContain('zz-outsourcing');

    const county = await t.as('jinshui.official');
    const refused = await county.post('/checklist-templates/zz-outsourcing/versions', { items });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    expect(
      (await (await t.as('jshosp.staff')).post('/checklist-templates/zz-outsourcing/versions', { items })).status,
    ).toBe(403);
    // The default belongs to the province: a city uses it but does not revise it.
    expect((await zz.post(`/checklist-templates/${DEFAULT_CHECKLIST_CODE}/versions`, { items })).status).toBe(403);
    expect(await t.database.db.$count(checklistTemplates, eq(checklistTemplates.code, 'zz-outsourcing'))).toBe(1);
    expect(await t.database.db.$count(checklistTemplates, eq(checklistTemplates.code, DEFAULT_CHECKLIST_CODE))).toBe(1);
    // The county reads the city's template it inherits.
    const [zzTemplate] = await t.database.db
      .select()
      .from(checklistTemplates)
      .where(eq(checklistTemplates.code, 'zz-outsourcing'));
    expect((await county.get(`/checklist-templates/${zzTemplate!.id}`)).status).toBe(200);
  });
});
