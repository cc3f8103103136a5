// One shape per kind of answer (issue 11 item 7): every list is `{ items, total, page, pageSize }`,
// paged by `page` and `pageSize` (api/paging.ts), never a bare array; every creating POST is a 201
// with the resource and a Location that reads it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';

describe('list routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const LISTS: [string, string][] = [
    ['/units', 'zz.official'],
    ['/users', 'zz.official'],
    ['/checklist-templates', 'zz.official'],
    ['/deadline-policies', 'zz.official'],
    ['/inspection-plans', 'zz.official'],
    ['/inspections', 'zz.official'],
    ['/accountability-cases', 'zz.official'],
    ['/tasks', 'jshosp.staff'],
    ['/notices', 'zz.official'],
    ['/handovers', 'zz.official'],
    ['/data-holdings', 'jshosp.staff'],
    ['/emergency-plans', 'zz.official'],
    ['/emergency-drills', 'jshosp.staff'],
    ['/circulars', 'zz.official'],
  ];

  it.each(LISTS)('GET %s answers a page { items, total, page, pageSize }', async (path, username) => {
    const caller = await t.as(username);
    const res = await caller.get(`${path}?page=1&pageSize=1`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(body).toMatchObject({ page: 1, pageSize: 1 });
    expect(Array.isArray(body.items)).toBe(true);
    expect(body.items.length).toBeLessThanOrEqual(1);
    expect(body.total).toBeGreaterThanOrEqual(body.items.length);
  });

  it('page 2 of one-row pages holds the next row and the same total', async () => {
    const official = await t.as('zz.official');
    for (const path of ['/units', '/users', '/deadline-policies']) {
      const first = await (await official.get(`${path}?page=1&pageSize=1`)).json();
      const second = await (await official.get(`${path}?page=2&pageSize=1`)).json();
      expect(first.total, path).toBeGreaterThan(1);
      expect(second.total, path).toBe(first.total);
      expect(second.items[0], path).not.toEqual(first.items[0]);
    }
  });

  it('a page size over 200 is a 422 on pageSize', async () => {
    const res = await (await t.as('zz.official')).get('/units?pageSize=201');
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.fields[0].field).toBe('pageSize');
  });

  it('a creating POST answers 201 with the resource and a Location whose GET answers the same resource', async () => {
    const admin = await t.as('admin');
    const unit = await admin.post('/units', {
      orgCode: '12410105MB0009901K',
      name: '金水区测试诊所',
      kind: 'hospital',
      parentId: await t.unitId('郑州市金水区卫生健康委员会'),
    });
    const user = await admin.post('/users', {
      username: 'location.check',
      realName: '位置核对',
      unitId: await t.unitId('金水区总医院'),
      roles: ['unit_staff'],
      password: '窗外的梧桐树又长高了一截',
    });
    for (const [res, caller] of [
      [unit, admin],
      [user, admin],
    ] as const) {
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(res.headers.get('location')).toMatch(new RegExp(`/${created.id}$`));
      const again = await caller.get(res.headers.get('location')!);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(created);
    }
  });
});
