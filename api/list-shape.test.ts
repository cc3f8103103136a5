// Every list route answers one shape (issue 11 item 7): `{ items, total, page, pageSize }`, paged by
// `page` and `pageSize` (api/paging.ts), never a bare array.
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
});
