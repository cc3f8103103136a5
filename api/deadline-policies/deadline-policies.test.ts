import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deadlinePolicies } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('deadline policies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('lists the defaults with the deadline each gives now', async () => {
    const staff = await t.as('jshosp.staff');
    const list = (await (await staff.get('/deadline-policies?pageSize=200')).json()).items;
    const receipt = list.find((p: { key: string }) => p.key === 'notice.receipt');
    expect(receipt).toMatchObject({ unit: 'working_days', amount: 3 });
    expect(Date.parse(receipt.deadlineIfStartedNow)).toBeGreaterThan(Date.now());
  });

  it('an admin edits a policy; others are refused and nothing changes', async () => {
    const official = await t.as('prov.official');
    const refused = await official.patch('/deadline-policies/notice.receipt', { amount: 1 });
    expect(refused.status).toBe(403);
    const admin = await t.as('admin');
    const bad = await admin.patch('/deadline-policies/notice.receipt', { amount: 0 });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.fields[0].field).toBe('amount');
    const [unchanged] = await t.database.db
      .select()
      .from(deadlinePolicies)
      .where(eq(deadlinePolicies.key, 'notice.receipt'));
    expect(unchanged!.amount).toBe(3);
    const ok = await admin.patch('/deadline-policies/notice.receipt', { unit: 'seconds', amount: 30 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ unit: 'seconds', amount: 30 });
    expect((await admin.patch('/deadline-policies/nope', { amount: 2 })).status).toBe(404);
  });
});
