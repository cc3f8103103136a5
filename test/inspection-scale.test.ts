// A plan over hundreds of units: every per-unit workflow starts and creates its self-check task,
// and the run's history stays bounded because it continues as new every few batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { inspections, tasks } from '../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from './support/worker.js';
import { createManyUnits } from './support/many-units.js';
import { RUN_BATCH_SIZE } from '../workflows/inspection-run.js';

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
    await expect.poll(count, { timeout: 150_000, interval: 500 }).toBe(UNITS);

    const rows = await t.database.db
      .select({ unitId: inspections.unitId, runId: inspections.runId })
      .from(inspections)
      .where(like(inspections.runId, `${prefix}%`));
    expect(new Set(rows.map((r) => r.unitId))).toEqual(new Set(many.unitIds));
    const detail = await (await official.get(`/inspection-plans/${plan.id}`)).json();
    expect(detail.runs).toEqual([
      expect.objectContaining({ unitCount: UNITS, startedCount: UNITS, statusCounts: { self_check: UNITS } }),
    ]);

    // Continue-as-new: several executions of the run, none with a history growing with the unit count.
    const executions = [];
    for await (const e of t.temporal.workflow.list({ query: `WorkflowId = "${rows[0]!.runId}"` })) executions.push(e);
    expect(executions.length).toBeGreaterThanOrEqual(Math.ceil(UNITS / (2 * RUN_BATCH_SIZE)));
    for (const e of executions) {
      const history = await t.temporal.workflow.getHandle(e.workflowId, e.runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(8 * RUN_BATCH_SIZE);
    }
  }, 240_000);
});
