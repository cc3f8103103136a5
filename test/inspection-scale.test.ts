// A plan over hundreds of units: every per-unit workflow starts and creates its self-check task,
// and the run's history stays bounded because it continues as new every few batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { inspections, tasks } from '../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from './support/worker.js';
import { createManyUnits } from './support/many-units.js';

const UNITS = 250;

describe('inspection fan-out at scale', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  it(`starts ${UNITS} per-unit inspections with bounded run history`, async () => {
    const many = await createManyUnits(t.database.db, '郑州市卫生健康委员会', '规模测试县卫生健康委员会', UNITS);
    const official = await t.as('zz.official');
    const {
      items: [template],
    } = await (await official.get('/checklist-templates')).json();
    const res = await official.post('/inspection-plans', {
      title: '规模测试',
      templateId: template.id,
      targets: { subtreeOf: many.rootId },
    });
    expect(res.status).toBe(201);
    const plan = await res.json();
    const prefix = `inspection-run-${plan.id}`;
    const count = async () =>
      (
        await t.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(tasks)
          .where(and(like(tasks.workflowId, `${prefix}%`), eq(tasks.type, 'inspection_self_check')))
      )[0]!.n;
    await expect.poll(count, { timeout: 150_000, interval: 100 }).toBe(UNITS);

    // Every task is there before the units' workflows start: the last unit answers at once; its
    // answer starts its workflow, which takes it, and the inspector's review follows.
    const lastUnit = many.unitIds[UNITS - 1]!;
    const [selfCheck] = await t.database.db
      .select()
      .from(tasks)
      .where(and(like(tasks.workflowId, `${prefix}%`), eq(tasks.assigneeUnitId, lastUnit)));
    const notStarted = await t.temporal.workflow
      .getHandle(selfCheck!.workflowId)
      .describe()
      .then(
        () => false,
        () => true,
      );
    expect(notStarted).toBe(true);
    const answer = {
      answers: template.items.map((i: { key: string; evidenceRequired: boolean }) => ({
        itemKey: i.key,
        answer: i.evidenceRequired ? 'not_applicable' : 'compliant',
        note: i.evidenceRequired ? '本单位不涉及' : undefined,
      })),
    };
    const answered = await t.app.request(`/tasks/${selfCheck!.id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${many.staffTokens.get(lastUnit)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: answer }),
    });
    expect(answered.status, await answered.clone().text()).toBe(200);
    await expect
      .poll(
        async () =>
          (
            await t.database.db
              .select({ id: tasks.id })
              .from(tasks)
              .where(and(eq(tasks.workflowId, selfCheck!.workflowId), eq(tasks.type, 'inspection_review')))
          ).length,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(1);

    const rows = await t.database.db
      .select({ unitId: inspections.unitId, runId: inspections.runId })
      .from(inspections)
      .where(like(inspections.runId, `${prefix}%`));
    expect(new Set(rows.map((r) => r.unitId))).toEqual(new Set(many.unitIds));
    // The tasks exist before the units' workflows (the run opens them in batches first); every
    // workflow is started after.
    await expect
      .poll(async () => (await (await official.get(`/inspection-plans/${plan.id}`)).json()).runs, {
        timeout: 150_000,
        interval: 500,
      })
      .toEqual([
        expect.objectContaining({
          unitCount: UNITS,
          startedCount: UNITS,
          statusCounts: { self_check: UNITS - 1, review: 1 },
        }),
      ]);
    for (const unitId of [many.unitIds[0]!, many.unitIds[UNITS - 1]!]) {
      const description = await t.temporal.workflow.getHandle(`${rows[0]!.runId}.unit-${unitId}`).describe();
      expect(description.status.name).toBe('RUNNING');
    }

    // Continue-as-new: several executions of the run, none with a history growing with the unit count.
    const executions = [];
    for await (const e of t.temporal.workflow.list({ query: `WorkflowId = "${rows[0]!.runId}"` })) executions.push(e);
    expect(executions.length).toBeGreaterThanOrEqual(2);
    for (const e of executions) {
      const history = await t.temporal.workflow.getHandle(e.workflowId, e.runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(100);
    }
  }, 240_000);
});
