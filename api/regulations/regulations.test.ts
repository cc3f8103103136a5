// GET /regulations: what the console needs to print `000 第十九条` as the full title, and whether
// each text binds where the viewer's unit sits — a Henan clerk sees the Sichuan text marked as not
// applying there, and the Xicheng draft as not in force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('regulation registry for the console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives every text with its title, issuer and whether it applies in the viewer’s province', async () => {
    const staff = await t.as('jshosp.staff');
    const res = await staff.get('/regulations');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.viewerJurisdiction).toBe('410105');
    const byCode = Object.fromEntries(body.items.map((r: { code: string }) => [r.code, r]));
    expect(Object.keys(byCode)).toEqual(['000', '001', '002', '003', '004', 'NSIR']);
    expect(byCode['000']).toEqual({
      code: '000',
      title: '河南省全民健康信息管理实施细则',
      issuingBody: '河南省卫生和计划生育委员会',
      documentNumber: '豫卫规划〔2017〕44号',
      jurisdiction: { code: '41', name: '河南省' },
      inForce: true,
      effective: '2017-07-17',
      numbering: 'articles',
      appliesHere: true,
      note: null,
    });
    expect(byCode['003']).toMatchObject({
      title: '四川省健康医疗大数据应用管理办法（试行）',
      jurisdiction: { code: '51', name: '四川省' },
      inForce: true,
      appliesHere: false,
    });
    expect(byCode['001']).toMatchObject({ inForce: false, appliesHere: false });
    expect(byCode['002']).toMatchObject({ jurisdiction: { code: '', name: '全国' }, appliesHere: true });
  });

  it('answers the provincial official with the province as their jurisdiction', async () => {
    const official = await t.as('prov.official');
    const body = await (await official.get('/regulations')).json();
    expect(body.viewerJurisdiction).toBe('41');
    expect(body.items.find((r: { code: string }) => r.code === '000').appliesHere).toBe(true);
  });

  it('refuses a caller without a session', async () => {
    const res = await t.app.request('/regulations');
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/请先登录/);
  });
});
