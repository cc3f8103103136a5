// The steps behind the inspection-plan routes (api/inspection-plans/routes.ts): checking a new
// plan's input, starting its run or Schedule after its row commits (and undoing the row when
// Temporal refuses), changing its Schedule, and reading a plan with its Schedule's state.
import type { z } from '@hono/zod-openapi';
import { and, desc, eq, exists, inArray, not, sql } from 'drizzle-orm';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleSpec } from '@temporalio/client';
import type { AppDeps, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import {
  checklistTemplates,
  inspectionPlans,
  inspectionRuns,
  inspections,
  units,
  users,
  type InspectionPlan,
} from '../../db/schema.js';
import { overdueDays, type Recurrence } from '../../domain/inspections.js';
import { canSeeUnit, hasRole } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { inspectionRunWorkflow } from '../../workflows/inspection-run.js';
import { startProcessWorkflow } from '../workflow-start.js';
import type { CreatePlan } from './routes.js';

export const planSummary = (p: InspectionPlan) => ({
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
export async function assertPlanInput(db: AppDeps['db'], user: CurrentUser, body: z.infer<typeof CreatePlan>) {
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

/** The plan steps over the app's database and Temporal client. */
export function planSteps({ db, temporal, env }: Pick<AppDeps, 'db' | 'temporal' | 'env'>) {
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

  return { visiblePlan, detail, changeSchedule, startPlan, undoPlan, resumedPlan };
}
