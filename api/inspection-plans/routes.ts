// Inspection plans (000 第三十三条): an official chooses a checklist, target units in their
// jurisdiction, a self-check window and an inspector, and runs it once now or on a Temporal
// Schedule (quarterly, yearly, a cron expression, or an interval) that can be paused, resumed and
// deleted. Each run fans out to one unitInspectionWorkflow per unit; its report is JSON or PDF.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, exists, inArray, not, sql } from 'drizzle-orm';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleSpec } from '@temporalio/client';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import {
  checklistTemplates,
  deadlinePolicies,
  documents,
  inspectionPlans,
  inspectionRuns,
  inspections,
  units,
  users,
  type InspectionPlan,
} from '../../db/schema.js';
import { DEADLINE_UNITS } from '../../domain/deadlines.js';
import {
  INSPECTION_STATUSES,
  INSPECTION_STEP_LABELS,
  INSPECTION_STEPS,
  overdueDays,
  RECURRENCES,
  type InspectionStep,
  type Recurrence,
} from '../../domain/inspections.js';
import { idempotencyKey, idempotentId } from '../idempotency.js';
import { canSeeUnit, hasRole, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, Id, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { inspectionRunWorkflow } from '../../workflows/inspection-run.js';
import { startProcessWorkflow } from '../workflow-start.js';
import { inspectionRunReport } from '../../db/inspection-report.js';
import { createDocumentActivities } from '../../activities/documents.js';
import { chineseDate } from '../../activities/official-documents.js';

const RecurrenceSchema = z
  .strictObject({
    kind: z.enum(RECURRENCES),
    cron: z
      .string()
      .regex(/^\S+( \S+){4}$/, '须为五段式 cron 表达式')
      .optional(),
    everySeconds: z
      .number()
      .int()
      .min(1)
      .max(366 * 86_400)
      .optional(),
  })
  .refine((r) => r.kind !== 'cron' || r.cron, { path: ['cron'], message: 'cron 周期须填写 cron 表达式' })
  .refine((r) => r.kind !== 'interval' || r.everySeconds, {
    path: ['everySeconds'],
    message: '间隔周期须填写 everySeconds',
  })
  .openapi('Recurrence');

const CreatePlan = z
  .strictObject({
    title: z.string().trim().min(2).max(100),
    templateId: Id,
    targets: z
      .strictObject({ subtreeOf: Id.optional(), unitIds: z.array(Id).min(1).max(5000).optional() })
      .refine((t) => Boolean(t.subtreeOf) !== Boolean(t.unitIds), '须给出 subtreeOf 或 unitIds 之一'),
    selfCheckWindow: z
      .strictObject({ unit: z.enum(DEADLINE_UNITS), amount: z.number().int().min(1).max(3650) })
      .optional()
      .openapi({ description: 'Defaults to the inspection.self_check policy' }),
    rectificationWindow: z
      .strictObject({ unit: z.enum(DEADLINE_UNITS), amount: z.number().int().min(1).max(3650) })
      .optional()
      .openapi({
        description: 'The plan’s own rectification period; default: the rectification policy when the notice is issued',
      }),
    remindBeforeSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400),
    inspectorUserId: Id.optional().openapi({ description: 'Reviews every unit; default: the inspectors of your unit' }),
    recurrence: RecurrenceSchema.default({ kind: 'once' }),
  })
  .openapi('CreateInspectionPlan');

const PlanId = z.object({ id: z.string().regex(/^plan-[0-9a-f-]{36}$/, '不是有效的检查计划编号') });
const RunId = z.object({ id: z.string().min(10).max(200) });
const PlanSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    templateId: z.number(),
    ownerUnitId: z.number(),
    targets: z.unknown(),
    inspectorUserId: z.number().nullable(),
    selfCheckWindow: z.unknown(),
    rectificationWindow: z.unknown(),
    recurrence: z.unknown(),
    status: z.string(),
    createdAt: z.string(),
  })
  .openapi('InspectionPlan');
const PlanDetail = PlanSchema.extend({
  schedule: z.object({ paused: z.boolean(), nextRuns: z.array(z.string()) }).nullable(),
  runs: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      unitCount: z.number(),
      startedCount: z.number(),
      statusCounts: z.record(z.string(), z.number()),
    }),
  ),
  latestRunUnits: z.array(
    z.object({
      inspectionId: z.string(),
      unitId: z.number(),
      unitName: z.string(),
      status: z.enum(INSPECTION_STATUSES),
      overdue: z.boolean(),
      overdueStep: z.enum(INSPECTION_STEPS).nullable(),
      overdueDays: z.number().nullable(),
    }),
  ),
}).openapi('InspectionPlanDetail');
const Report = z.record(z.string(), z.unknown()).openapi('InspectionRunReport');

const create = createRoute({
  method: 'post',
  path: '/inspection-plans',
  tags: ['inspections'],
  security: bearer,
  summary:
    'Create a plan; run it now or on a schedule (official). The same Idempotency-Key returns the same plan and starts nothing twice.',
  request: {
    headers: z.object({ 'idempotency-key': z.string().optional() }),
    body: { required: true, ...json(CreatePlan) },
  },
  responses: {
    200: { description: 'Created before with this Idempotency-Key', ...json(PlanDetail) },
    201: { description: 'Created', ...json(PlanDetail) },
    503: { description: 'Temporal unavailable: nothing was created', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const list = createRoute({
  method: 'get',
  path: '/inspection-plans',
  tags: ['inspections'],
  security: bearer,
  summary: 'Plans of your jurisdiction',
  request: { query: Pagination },
  responses: { 200: { description: 'A page', ...json(PageSchema(PlanSchema)) }, ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/inspection-plans/{id}',
  tags: ['inspections'],
  security: bearer,
  summary: 'A plan with its schedule, runs and per-unit status',
  request: { params: PlanId },
  responses: { 200: { description: 'Plan', ...json(PlanDetail) }, ...commonErrors },
});
const pause = createRoute({
  method: 'post',
  path: '/inspection-plans/{id}/pause',
  tags: ['inspections'],
  security: bearer,
  summary: 'Pause a recurring plan',
  request: { params: PlanId },
  responses: {
    200: { description: 'Paused', ...json(PlanDetail) },
    409: { description: 'Not recurring or deleted', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const resume = createRoute({
  method: 'post',
  path: '/inspection-plans/{id}/resume',
  tags: ['inspections'],
  security: bearer,
  summary: 'Resume a paused plan',
  request: { params: PlanId },
  responses: {
    200: { description: 'Resumed', ...json(PlanDetail) },
    409: { description: 'Not recurring or deleted', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/inspection-plans/{id}',
  tags: ['inspections'],
  security: bearer,
  summary: 'Delete a plan’s schedule; runs already started continue',
  request: { params: PlanId },
  responses: { 200: { description: 'Deleted', ...json(PlanDetail) }, ...commonErrors },
});
const report = createRoute({
  method: 'get',
  path: '/inspection-runs/{id}/report',
  tags: ['inspections'],
  security: bearer,
  summary: 'Run report: compliance per unit and item, findings, rectification',
  request: { params: RunId },
  responses: { 200: { description: 'Report', ...json(Report) }, ...commonErrors },
});
const issueReport = createRoute({
  method: 'post',
  path: '/inspection-runs/{id}/report',
  tags: ['inspections'],
  security: bearer,
  summary:
    'Issue the run report as a numbered PDF (official). The same content is issued once: asked again, the same document and number come back (200); a new Idempotency-Key issues a new number.',
  request: { params: RunId, headers: z.object({ 'idempotency-key': z.string().optional() }) },
  responses: {
    200: {
      description: 'Already issued with this content (or this Idempotency-Key)',
      ...json(z.object({ documentId: z.string(), number: z.string() })),
    },
    201: { description: 'Issued', ...json(z.object({ documentId: z.string(), number: z.string() })) },
    ...commonErrors,
  },
});

const STATUS_LABELS: Record<string, string> = {
  self_check: '自查中',
  review: '复核中',
  rectifying: '整改中',
  closed: '已销号',
  cancelled: '已取消',
  not_started: '未启动',
};
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
/** 逾期 column of the run report: the step missed and, from a day on, by how many days. */
const overdueLabel = (u: { overdue: boolean; overdueStep: InspectionStep | null; overdueDays: number | null }) =>
  !u.overdue
    ? '否'
    : `${u.overdueStep ? INSPECTION_STEP_LABELS[u.overdueStep] : ''}逾期${u.overdueDays ? `${u.overdueDays}天` : ''}`;

const planSummary = (p: InspectionPlan) => ({
  id: p.id,
  title: p.title,
  templateId: p.templateId,
  ownerUnitId: p.ownerUnitId,
  targets: p.targets,
  inspectorUserId: p.inspectorUserId,
  selfCheckWindow: p.selfCheckWindow,
  rectificationWindow: p.rectificationWindow,
  recurrence: p.recurrence,
  status: p.status,
  createdAt: p.createdAt.toISOString(),
});

/** The workflow id of a one-off plan's only run: derived from the plan, so a repeated start finds it. */
const onceRunId = (planId: string) => `inspection-run-${planId}`;

/**
 * The plan's template, once its input is known good: the template exists, every target lies in
 * the official's jurisdiction (属地管理), and a reviewing inspector exists (named, or in the unit).
 */
async function assertPlanInput(db: AppDeps['db'], user: CurrentUser, body: z.infer<typeof CreatePlan>) {
  const [template] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, body.templateId));
  if (!template)
    throw new AppError('validation_failed', '没有该检查表模板。', {
      fields: [{ field: 'templateId', message: '不存在' }],
    });
  // Targets must lie in the official's jurisdiction (属地管理).
  const targetIds = body.targets.subtreeOf ? [body.targets.subtreeOf] : body.targets.unitIds!;
  const targetRows = await db
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(inArray(units.id, targetIds));
  const outside = targetIds.filter((id) => !targetRows.some((r) => r.id === id && canSeeUnit(user, r)));
  if (outside.length)
    throw new AppError('validation_failed', `不能检查您辖区以外的单位：${outside.join('、')}。`, {
      fields: [{ field: 'targets', message: `不在您的辖区内：${outside.join('、')}` }],
    });
  if (!body.inspectorUserId) {
    const [anyInspector] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.unitId, user.unitId), eq(users.status, 'active'), sql`'inspector' = any(${users.roles})`))
      .limit(1);
    if (!anyInspector)
      throw new AppError(
        'validation_failed',
        '本单位没有监督检查员（inspector）可以复核受检单位；请用 inspectorUserId 指定一名。',
        { fields: [{ field: 'inspectorUserId', message: '必填：本单位没有监督检查员' }] },
      );
  } else {
    const [inspector] = await db
      .select({ id: users.id, roles: users.roles, path: units.path, unitId: users.unitId })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(users.id, body.inspectorUserId));
    if (!inspector || !inspector.roles.includes('inspector') || !inspector.path.startsWith(user.unitPath))
      throw new AppError('validation_failed', '复核人须为您辖区内具有监督检查员（inspector）角色的用户。', {
        fields: [{ field: 'inspectorUserId', message: '不是您辖区内的监督检查员' }],
      });
  }
  return template;
}

/** The Temporal Schedule spec for a recurrence (China time). */
function scheduleSpec(r: Recurrence): ScheduleSpec {
  switch (r.kind) {
    case 'quarterly':
      return { cronExpressions: ['0 9 1 1,4,7,10 *'], timezone: 'Asia/Shanghai' };
    case 'yearly':
      return { cronExpressions: ['0 9 2 1 *'], timezone: 'Asia/Shanghai' };
    case 'cron':
      return { cronExpressions: [r.cron!], timezone: 'Asia/Shanghai' };
    default:
      return { intervals: [{ every: `${r.everySeconds}s` }] };
  }
}

export function inspectionPlanRoutes({ db, temporal, env, renderer }: AppDeps) {
  const documentsActivities = createDocumentActivities(db, renderer, () => new Date());

  async function visiblePlan(user: CurrentUser, id: string): Promise<InspectionPlan> {
    const [row] = await db
      .select({ plan: inspectionPlans, path: units.path })
      .from(inspectionPlans)
      .innerJoin(units, eq(units.id, inspectionPlans.ownerUnitId))
      .where(eq(inspectionPlans.id, id));
    if (
      !row ||
      !canSeeUnit(user, { id: row.plan.ownerUnitId, path: row.path }) ||
      !hasRole(user, 'official', 'inspector', 'auditor', 'admin')
    )
      throw new AppError('not_found', '未找到该检查计划。');
    return row.plan;
  }

  async function detail(plan: InspectionPlan) {
    let schedule: { paused: boolean; nextRuns: string[] } | null = null;
    if (plan.scheduleId && plan.status !== 'deleted') {
      try {
        const d = await temporal.schedule.getHandle(plan.scheduleId).describe();
        schedule = { paused: d.state.paused, nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()) };
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    }
    const runs = await db
      .select()
      .from(inspectionRuns)
      .where(eq(inspectionRuns.planId, plan.id))
      .orderBy(desc(inspectionRuns.createdAt))
      .limit(50);
    const counts = runs.length
      ? await db
          .select({ runId: inspections.runId, status: inspections.status, n: sql<number>`count(*)::int` })
          .from(inspections)
          .where(
            inArray(
              inspections.runId,
              runs.map((r) => r.id),
            ),
          )
          .groupBy(inspections.runId, inspections.status)
      : [];
    const latest = runs[0]
      ? await db
          .select({
            inspectionId: inspections.id,
            unitId: inspections.unitId,
            unitName: units.name,
            status: inspections.status,
            overdue: inspections.overdue,
            overdueStep: inspections.overdueStep,
            overdueDueAt: inspections.overdueDueAt,
            overdueResolvedAt: inspections.overdueResolvedAt,
          })
          .from(inspections)
          .innerJoin(units, eq(units.id, inspections.unitId))
          .where(eq(inspections.runId, runs[0].id))
          .orderBy(units.path)
      : [];
    const now = new Date();
    return {
      ...planSummary(plan),
      schedule,
      runs: runs.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        unitCount: r.unitIds.length,
        startedCount: r.startedCount,
        statusCounts: Object.fromEntries(counts.filter((c) => c.runId === r.id).map((c) => [c.status, c.n])),
      })),
      latestRunUnits: latest.map(({ overdueDueAt, overdueResolvedAt, ...u }) => ({
        ...u,
        overdueDays: overdueDays(overdueDueAt, overdueResolvedAt, now),
      })),
    };
  }

  async function changeSchedule(plan: InspectionPlan, action: 'pause' | 'resume' | 'delete') {
    if (plan.status === 'deleted') throw new AppError('conflict', '该检查计划已删除。');
    if (!plan.scheduleId) {
      if (action === 'delete') return;
      throw new AppError('conflict', '该检查计划只执行一次，没有可暂停或恢复的周期。');
    }
    const handle = temporal.schedule.getHandle(plan.scheduleId);
    if (action === 'pause') await handle.pause('paused through the API');
    else if (action === 'resume') await handle.unpause('resumed through the API');
    else
      await handle.delete().catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }

  /**
   * Starts the plan's run (once) or creates its schedule, under ids derived from the plan: a second
   * call for the same plan finds what the first started and starts nothing new.
   */
  async function startPlan(plan: InspectionPlan, createdBy: string): Promise<void> {
    if (plan.scheduleId) {
      await temporal.schedule
        .create({
          scheduleId: plan.scheduleId,
          spec: scheduleSpec(plan.recurrence),
          action: {
            type: 'startWorkflow',
            workflowType: inspectionRunWorkflow,
            taskQueue: env.TEMPORAL_TASK_QUEUE,
            workflowId: `inspection-run-${plan.id}`,
            args: [{ planId: plan.id }],
          },
          memo: { planId: plan.id, createdBy },
        })
        .catch((err: unknown) => {
          if (err instanceof ScheduleAlreadyRunning) return;
          // The client's answer to a spec Temporal refuses (e.g. a cron field out of range): the caller's to fix.
          if (err instanceof TypeError)
            throw new AppError('validation_failed', `周期设置无效：${err.message}`, {
              fields: [
                { field: plan.recurrence.kind === 'cron' ? 'recurrence.cron' : 'recurrence', message: err.message },
              ],
            });
          throw err;
        });
      return;
    }
    await startProcessWorkflow(temporal, {
      workflow: inspectionRunWorkflow,
      workflowId: onceRunId(plan.id),
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      args: [{ planId: plan.id }],
    });
  }

  /**
   * A plan whose start failed is removed again, so nothing is left half made (its audit rows stay:
   * the trail is append-only). Should the start have reached Temporal after all, the run finds no
   * plan and fails without retrying; a schedule is deleted here.
   */
  async function undoPlan(plan: InspectionPlan, c: Parameters<typeof auditContext>[0], cause: unknown): Promise<void> {
    if (plan.scheduleId)
      await temporal.schedule
        .getHandle(plan.scheduleId)
        .delete()
        .catch(() => undefined); // most likely never created
    const hasRuns = exists(
      db.select({ id: inspectionRuns.id }).from(inspectionRuns).where(eq(inspectionRuns.planId, plan.id)),
    );
    await db.transaction(async (tx) => {
      const [gone] = await tx
        .delete(inspectionPlans)
        .where(and(eq(inspectionPlans.id, plan.id), not(hasRuns)))
        .returning({ id: inspectionPlans.id });
      if (gone)
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'inspection_plan',
          objectId: plan.id,
          outcome: 'failure',
          detail: { undone: true, reason: String(cause).slice(0, 500) },
        });
    });
  }

  /**
   * The same Idempotency-Key again: the plan it created. A start its first request could not
   * finish is made now; a plan that already ran, or was deleted, starts nothing.
   */
  async function resumedPlan(id: string, startedBy: string): Promise<InspectionPlan> {
    const [plan] = await db.select().from(inspectionPlans).where(eq(inspectionPlans.id, id));
    if (!plan) throw new AppError('conflict', '使用该 Idempotency-Key 的创建请求正在撤销，请稍后重试。');
    const [ran] = await db
      .select({ id: inspectionRuns.id })
      .from(inspectionRuns)
      .where(eq(inspectionRuns.planId, id))
      .limit(1);
    if (plan.status !== 'deleted' && (plan.scheduleId || !ran)) await startPlan(plan, startedBy);
    return plan;
  }

  const ACTION_NAMES = { pause: '暂停', resume: '恢复', delete: '删除' } as const;
  const router = new OpenAPIHono<AppEnv>();
  for (const [route, action] of [
    [pause, 'pause'],
    [resume, 'resume'],
    [remove, 'delete'],
  ] as const) {
    router.openapi(route, async (c) => {
      const user = c.get('user');
      const plan = await visiblePlan(user, c.req.valid('param').id);
      requireRole(user, ['official'], `${ACTION_NAMES[action]}检查计划`);
      await changeSchedule(plan, action);
      const status = action === 'pause' ? 'paused' : action === 'resume' ? 'active' : 'deleted';
      const [updated] = await db.transaction(async (tx) => {
        const rows = await tx
          .update(inspectionPlans)
          .set({ status, updatedAt: sql`now()` })
          .where(eq(inspectionPlans.id, plan.id))
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action,
          objectType: 'inspection_plan',
          objectId: plan.id,
          outcome: 'success',
        });
        return rows;
      });
      return c.json(await detail(updated!), 200);
    });
  }

  return router
    .openapi(create, async (c) => {
      const user = c.get('user');
      requireRole(user, ['official'], '创建检查计划');
      const body = c.req.valid('json');
      const template = await assertPlanInput(db, user, body);
      const [policy] = await db
        .select()
        .from(deadlinePolicies)
        .where(eq(deadlinePolicies.key, 'inspection.self_check'));
      const selfCheckWindow =
        body.selfCheckWindow ??
        (policy ? { unit: policy.unit, amount: policy.amount } : { unit: 'working_days' as const, amount: 10 });
      const id = idempotentId(c, 'plan');
      const recurring = body.recurrence.kind !== 'once';
      // The row and its audit commit first; Temporal hears of the plan only then:
      // a failed commit can no longer leave a run without its plan.
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(inspectionPlans)
          .values({
            id,
            title: body.title,
            templateId: template.id,
            ownerUnitId: user.unitId,
            targets: body.targets,
            inspectorUserId: body.inspectorUserId,
            selfCheckWindow,
            rectificationWindow: body.rectificationWindow,
            remindBeforeSeconds: body.remindBeforeSeconds,
            recurrence: body.recurrence,
            scheduleId: recurring ? `inspection-plan-${id}` : null,
            createdByUserId: user.id,
          })
          .onConflictDoNothing()
          .returning();
        if (row)
          await appendAudit(tx, {
            ...auditContext(c),
            action: 'create',
            objectType: 'inspection_plan',
            objectId: id,
            outcome: 'success',
            detail: { title: body.title, recurrence: body.recurrence, targets: body.targets },
          });
        return row;
      });
      if (created) {
        try {
          await startPlan(created, auditActor(user).username);
        } catch (err) {
          await undoPlan(created, c, err);
          // A refused recurrence is the caller's to fix; Temporal out of reach is answered for the plan.
          if (err instanceof AppError && err.code !== 'unavailable') throw err;
          throw new AppError(
            'unavailable',
            '流程服务暂不可用，检查计划未创建，请稍后重试（可使用同一 Idempotency-Key）。',
          );
        }
        c.header('location', `/inspection-plans/${created.id}`);
        return c.json(await detail(created), 201);
      }
      const plan = await resumedPlan(id, auditActor(user).username);
      return c.json(await detail(plan), 200);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      if (!hasRole(user, 'official', 'inspector', 'auditor', 'admin'))
        return c.json({ items: [], total: 0, page: q.page, pageSize: q.pageSize }, 200);
      const where = visibleUnits(user, inspectionPlans.ownerUnitId);
      const page = await pageOf(db, inspectionPlans, where, q, (limit, offset) =>
        db
          .select()
          .from(inspectionPlans)
          .where(where)
          .orderBy(desc(inspectionPlans.createdAt), asc(inspectionPlans.id))
          .limit(limit)
          .offset(offset),
      );
      return c.json({ ...page, items: page.items.map(planSummary) }, 200);
    })
    .openapi(get, async (c) => {
      const plan = await visiblePlan(c.get('user'), c.req.valid('param').id);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'inspection_plan',
        objectId: plan.id,
        outcome: 'success',
      });
      return c.json(await detail(plan), 200);
    })
    .openapi(report, async (c) => {
      const user = c.get('user');
      const data = await inspectionRunReport(db, c.req.valid('param').id);
      if (!data) throw new AppError('not_found', '未找到该次检查。');
      await visiblePlan(user, data.planId);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'inspection_report',
        objectId: data.runId,
        outcome: 'success',
      });
      return c.json(data as unknown as Record<string, unknown>, 200);
    })
    .openapi(issueReport, async (c) => {
      const user = c.get('user');
      const data = await inspectionRunReport(db, c.req.valid('param').id);
      if (!data) throw new AppError('not_found', '未找到该次检查。');
      await visiblePlan(user, data.planId);
      requireRole(user, ['official'], '出具检查情况报告');
      // One number per report content: asked again while nothing changed (a retry, a double
      // click), the document already issued comes back. A new number only when the figures
      // changed, or when the caller asks for a new issue with a new Idempotency-Key.
      const key = idempotencyKey(c);
      const contentHash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
      const documentKey = `${data.runId}/report/${key === undefined ? `content-${contentHash}` : idempotentId(c, 'request')}`;
      const issuedBefore = async () =>
        (
          await db
            .select({ documentId: documents.id, number: documents.number })
            .from(documents)
            .where(eq(documents.idempotencyKey, documentKey))
        )[0];
      const before = await issuedBefore();
      if (before) return c.json({ documentId: before.documentId, number: before.number! }, 200);
      const input = {
        kind: 'inspection-report',
        code: '检',
        issuingUnitId: data.ownerUnitId,
        title: `关于${data.planTitle}情况的报告`,
        data: {
          ...data,
          planTitle: data.planTitle,
          startedDate: chineseDate(new Date(data.startedAt)),
          asOf: chineseDate(new Date()),
          overallRate: pct(data.overallRate),
          bySeverity: data.findings.bySeverity,
          findingsTotal: data.findings.total,
          units: data.units.map((u) => ({
            ...u,
            rate: pct(u.rate),
            statusLabel: STATUS_LABELS[u.status] ?? u.status,
            overdueLabel: overdueLabel(u),
          })),
          items: data.items.map((i) => ({ ...i, rate: pct(i.rate) })),
        },
        workflowId: data.runId,
        idempotencyKey: documentKey,
        actor: auditActor(user),
      };
      const issued = await documentsActivities.issueDocument(input).catch(async (err: unknown) => {
        // The same request at the same moment: its twin committed the document first.
        const twin = await issuedBefore();
        if (!twin) throw err;
        return { documentId: twin.documentId, number: twin.number! };
      });
      await db
        .update(inspectionRuns)
        .set({ reportDocumentId: issued.documentId })
        .where(eq(inspectionRuns.id, data.runId));
      c.header('location', `/documents/${issued.documentId}`);
      return c.json({ documentId: issued.documentId, number: issued.number }, 201);
    });
}
