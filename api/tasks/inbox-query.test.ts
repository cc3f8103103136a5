// The plain inbox (`GET /tasks`, `?scope=mine`, no other filter) runs statements prepared once
// (api/tasks/inbox-query.ts); filtered lists build their query per request. Both must answer the
// same: tasks for my role or for me, not another role's, not a colleague's claim, not closed, not
// another unit's; soonest due first; pages and totals as the count gives them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tasks, users } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('inbox lists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answer the same through the prepared statements as through the filtered query', async () => {
    const hospital = await t.unitId('金水区总医院');
    const cdc = await t.unitId('金水区疾病预防控制中心');
    const userId = async (username: string) =>
      (await t.database.db.select().from(users).where(eq(users.username, username)))[0]!.id;
    const staffId = await userId('jshosp.staff');
    const leaderId = await userId('jshosp.leader');
    const day = 86_400_000;
    const task = (key: string, dueInDays: number, values: Partial<typeof tasks.$inferInsert>) => ({
      workflowId: `inbox-query-${key}`,
      taskKey: key,
      type: 'notice_receipt',
      title: key,
      assigneeUnitId: hospital,
      dueAt: new Date(Date.now() + dueInDays * day),
      formSchema: {},
      updateName: 'complete',
      ...values,
    });
    await t.database.db
      .insert(tasks)
      .values([
        task('for-staff-role', 3, { assigneeRole: 'unit_staff' }),
        task('for-anyone', 1, {}),
        task('for-me', 2, { assigneeUserId: staffId }),
        task('for-leader-role', 1, { assigneeRole: 'unit_leader' }),
        task('for-the-leader', 1, { assigneeUserId: leaderId }),
        task('claimed-by-colleague', 1, { assigneeRole: 'unit_staff', claimedByUserId: leaderId }),
        task('claimed-by-me', 5, { assigneeRole: 'unit_leader', claimedByUserId: staffId }),
        task('closed', 1, { assigneeRole: 'unit_staff', status: 'completed' }),
        task('other-unit', 1, { assigneeUnitId: cdc, assigneeRole: 'unit_staff' }),
      ]);
    const staff = await t.as('jshosp.staff');
    const titles = async (path: string) => {
      const res = await staff.get(path);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { title: string }[]; total: number };
      return { titles: body.items.map((i) => i.title), total: body.total };
    };

    const unit = { titles: ['for-anyone', 'for-me', 'for-staff-role'], total: 3 };
    expect(await titles('/tasks')).toEqual(unit);
    expect(await titles('/tasks?type=notice_receipt')).toEqual(unit);
    const mine = { titles: ['for-me', 'claimed-by-me'], total: 2 };
    expect(await titles('/tasks?scope=mine')).toEqual(mine);
    expect(await titles('/tasks?scope=mine&type=notice_receipt')).toEqual(mine);

    // Pages: a full page asks for the total; a short last page and a page past the end tell it.
    expect(await titles('/tasks?pageSize=2')).toEqual({ titles: ['for-anyone', 'for-me'], total: 3 });
    expect(await titles('/tasks?pageSize=2&page=2')).toEqual({ titles: ['for-staff-role'], total: 3 });
    expect(await titles('/tasks?pageSize=2&page=3')).toEqual({ titles: [], total: 3 });
    expect(await titles('/tasks?scope=mine&pageSize=1&page=2')).toEqual({ titles: ['claimed-by-me'], total: 2 });

    // The other unit's staff see only theirs; someone with none of these tasks, an empty inbox.
    const cdcStaff = await t.as('jscdc.staff');
    expect(await (await cdcStaff.get('/tasks')).json()).toMatchObject({ items: [{ title: 'other-unit' }], total: 1 });
    const elsewhere = await t.as('lyhosp.staff');
    expect(await (await elsewhere.get('/tasks')).json()).toMatchObject({ items: [], total: 0 });
  });
});
