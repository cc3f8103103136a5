// Inspection plans (000 第三十三条): an official chooses a checklist, target units in their
// jurisdiction, a self-check window and an inspector, and runs it once now or on a Temporal
// Schedule (quarterly, yearly, a cron expression, or an interval) that can be paused, resumed and
// deleted. Each run fans out to one unitInspectionWorkflow per unit; its report is JSON or PDF.
import { InspectionRunReportSchema } from '../../domain/inspection-report.js';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { deadlinePolicies, inspectionPlans, inspectionRuns } from '../../db/schema.js';
import { DEADLINE_UNITS } from '../../domain/deadlines.js';
import {
  INSPECTION_STATUSES,
  INSPECTION_STEP_LABELS,
  INSPECTION_STEPS,
  RECURRENCES,
  type InspectionStep,
} from '../../domain/inspections.js';
import { idempotentId } from '../idempotency.js';
import { hasRole, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, Id, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { inspectionRunReport } from '../../db/inspection-report.js';
import type { IssueOnceInput } from '../../activities/documents.js';
import { chineseDate } from '../../domain/chinese-dates.js';
import { issueInWorker } from '../issue-in-worker.js';

import { assertPlanInput, planSteps, planSummary } from './plan-steps.js';
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

export const CreatePlan = z
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
const Report = InspectionRunReportSchema.openapi('InspectionRunReport');

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
    'Issue the run report as a numbered PDF (official). The same content is issued once: asked again ' +
    '(whatever the Idempotency-Key), its latest edition comes back with the same number (200). ' +
    '`?edition=new` issues a new edition with a new number; retried with the same Idempotency-Key, it returns that edition.',
  request: {
    params: RunId,
    query: z.object({ edition: z.enum(['new']).optional() }),
    headers: z.object({ 'idempotency-key': z.string().optional() }),
  },
  responses: {
    200: {
      description: 'Already issued with this content (its latest edition), or this new-edition request already served',
      ...json(z.object({ documentId: z.string(), number: z.string() })),
    },
    201: { description: 'Issued', ...json(z.object({ documentId: z.string(), number: z.string() })) },
    503: {
      description: 'Temporal or the worker’s printing unavailable: retry (the same content keeps its number)',
      ...json(ErrorBody),
    },
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

export function inspectionPlanRoutes(deps: AppDeps) {
  const { db, temporal, env } = deps;
  const { visiblePlan, detail, changeSchedule, startPlan, undoPlan, resumedPlan } = planSteps({ db, temporal, env });

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
      return c.json(data, 200);
    })
    .openapi(issueReport, async (c) => {
      const user = c.get('user');
      const data = await inspectionRunReport(db, c.req.valid('param').id);
      if (!data) throw new AppError('not_found', '未找到该次检查。');
      await visiblePlan(user, data.planId);
      requireRole(user, ['official'], '出具检查情况报告');
      // One number per report content (issueOnce): asked again while nothing changed (a retry, a
      // double click, a new Idempotency-Key), the document already issued comes back. A new number
      // only when the figures changed, or with ?edition=new (its Idempotency-Key makes that retry-safe).
      const newEdition = c.req.valid('query').edition === 'new' ? idempotentId(c, 'edition') : undefined;
      const input: IssueOnceInput = {
        kind: 'inspection-report',
        code: '检',
        issuingUnitId: data.ownerUnitId,
        title: `关于${data.planTitle}情况的报告`,
        data: {
          ...data,
          planTitle: data.planTitle,
          startedDate: chineseDate(new Date(data.startedAt)),
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
        newEdition,
        actor: auditActor(user),
      };
      const issued = await issueInWorker(deps, input);
      await db
        .update(inspectionRuns)
        .set({ reportDocumentId: issued.documentId })
        .where(eq(inspectionRuns.id, data.runId));
      c.header('location', `/documents/${issued.documentId}`);
      return c.json({ documentId: issued.documentId, number: issued.number }, issued.existing ? 200 : 201);
    });
}
