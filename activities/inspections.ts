// The inspection process's writes (监督检查 / 整改): run and per-unit rows, self-checks, reviews,
// findings, rectification reports and verdicts, accountability cases. Each write is keyed or
// guarded by the row's state, so an activity retried after its first attempt changes nothing;
// each is audited in its transaction.
import { Context } from '@temporalio/activity';
import { openCase } from '../db/accountability-cases.js';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, isNull, like, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit, appendAudits } from '../db/audit.js';
import {
  checklistTemplates,
  inspectionFindings,
  inspectionPlans,
  inspectionRuns,
  inspections,
  processStarts,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { selfCheckTaskSpec, SELF_CHECK_UPDATE_NAME, unitInspectionId } from '../domain/inspection-self-check.js';
import { taskFormSchema } from '../domain/task-forms.js';
import type { DeadlinePolicy } from '../domain/deadlines.js';
import {
  INSPECTION_ROW_MISSING,
  SEVERITY_LABELS,
  type ChecklistItem,
  type InspectionStep,
  type FindingInput,
  type RectificationReportInput,
  type RectificationVerificationInput,
  type ReviewInput,
  type SelfCheckAnswer,
} from '../domain/inspections.js';
import type { ActedBy } from '../domain/task-completion.js';
import { deadlineFrom } from '../domain/deadline-arithmetic.js';
import { chineseDate } from '../domain/chinese-dates.js';
import { createDeadlineActivities } from './deadlines.js';

/** What a unit's inspection workflow needs to run, read once at its start. */
export interface UnitInspectionContext {
  planTitle: string;
  unitName: string;
  ownerUnitId: number;
  reviewer: { unitId: number; userId?: number };
  templateId: number;
  items: ChecklistItem[];
  selfCheckDueAt: string;
  remindBeforeMs: number;
  /** The plan's own rectification period, when it sets one. */
  rectificationWindow?: DeadlinePolicy;
  /** The review's planned deadline (`reviewDeadlinePolicy` counted from the self-check's), when asked for. */
  plannedReviewDueAt?: string;
}

/** The plan, run or inspection a process step works on is gone (its creation was undone): no retry can help. */
const missing = (what: string) =>
  ApplicationFailure.nonRetryable(`${what}不存在（创建已撤销），流程无法继续。`, INSPECTION_ROW_MISSING);

/** `overdue_resolved_at` for a step just done: now, if it was that step that went overdue and is still open. */
const lateStepDone = (step: InspectionStep) =>
  sql`case when ${inspections.overdueStep} = ${step}::inspection_step and ${inspections.overdueResolvedAt} is null
    then now() else ${inspections.overdueResolvedAt} end`;

/** Unit inspections one startUnitInspections call starts at once (each a round trip to the server). */
const START_CONCURRENCY = 10;

/** How long a batch of starts waits for its last workflow's first task before going on regardless. */
const FIRST_TASK_WAIT_MS = 60_000;

/** Resolves once workflow `workflowId` has completed its first workflow task (or after FIRST_TASK_WAIT_MS). */
async function firstTaskDone(client: Client, workflowId: string): Promise<void> {
  const until = Date.now() + FIRST_TASK_WAIT_MS;
  // Started, scheduled, started, completed: the first task is done from the fourth event on.
  while (Date.now() < until) {
    const { historyLength, status } = await client.workflow.getHandle(workflowId).describe();
    if (historyLength >= 4 || status.name !== 'RUNNING') return;
    Context.current().heartbeat();
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The review's handling time, counted from the self-check's deadline (the unit's workflow asks for the same). */
const REVIEW_DEADLINE_POLICY = 'task.default';

/** What a unit's workflow needs, from its run's plan, template and run rows. */
function unitContext(
  row: {
    plan: typeof inspectionPlans.$inferSelect;
    run: typeof inspectionRuns.$inferSelect;
    template: typeof checklistTemplates.$inferSelect;
  },
  unitName: string,
  reviewer: UnitInspectionContext['reviewer'],
  plannedReviewDueAt: string | undefined,
): UnitInspectionContext {
  return {
    planTitle: row.plan.title,
    unitName,
    ownerUnitId: row.plan.ownerUnitId,
    reviewer,
    templateId: row.template.id,
    items: row.template.items,
    selfCheckDueAt: row.run.selfCheckDueAt.toISOString(),
    remindBeforeMs: row.plan.remindBeforeSeconds * 1000,
    ...(row.plan.rectificationWindow ? { rectificationWindow: row.plan.rectificationWindow } : {}),
    ...(plannedReviewDueAt ? { plannedReviewDueAt } : {}),
  };
}

export function createInspectionActivities(db: Db, clock: () => Date) {
  /** The inspector's tasks go to the plan's inspector (in their unit), else to the plan's owner unit. */
  async function reviewerOf(plan: typeof inspectionPlans.$inferSelect): Promise<UnitInspectionContext['reviewer']> {
    if (plan.inspectorUserId) {
      const [inspector] = await db
        .select({ unitId: users.unitId })
        .from(users)
        .where(eq(users.id, plan.inspectorUserId));
      if (inspector) return { unitId: inspector.unitId, userId: plan.inspectorUserId };
    }
    return { unitId: plan.ownerUnitId };
  }

  const deadlines = createDeadlineActivities(db, clock);
  const audit = (
    tx: Parameters<typeof appendAudit>[0],
    by: ActedBy | undefined,
    action: string,
    objectType: string,
    objectId: string,
    detail?: Record<string, unknown>,
  ) =>
    appendAudit(tx, {
      actor: by?.actor ?? null,
      requestId: by?.requestId,
      sourceIp: by?.sourceIp,
      action,
      objectType,
      objectId,
      outcome: 'success',
      detail,
    });

  return {
    /** Creates the run row with its resolved target units (once) and returns how many there are. */
    async openInspectionRun(input: { planId: string; runId: string }): Promise<{ unitCount: number }> {
      const [existing] = await db
        .select({ unitIds: inspectionRuns.unitIds })
        .from(inspectionRuns)
        .where(eq(inspectionRuns.id, input.runId));
      if (existing) return { unitCount: existing.unitIds.length };
      const [plan] = await db.select().from(inspectionPlans).where(eq(inspectionPlans.id, input.planId));
      if (!plan) throw missing(`检查计划 ${input.planId} `);
      let unitIds: number[];
      if (plan.targets.subtreeOf) {
        const [root] = await db.select({ path: units.path }).from(units).where(eq(units.id, plan.targets.subtreeOf));
        // The responsible units under the subtree; commissions supervise, they are not inspected here.
        const rows = await db
          .select({ id: units.id })
          .from(units)
          .where(and(like(units.path, `${root!.path}%`), ne(units.kind, 'commission')))
          .orderBy(asc(units.id));
        unitIds = rows.map((r) => r.id);
      } else {
        unitIds = plan.targets.unitIds ?? [];
      }
      const selfCheckDueAt = new Date(deadlineFrom(plan.selfCheckWindow, clock()).at);
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(inspectionRuns)
          .values({ id: input.runId, planId: plan.id, templateId: plan.templateId, unitIds, selfCheckDueAt })
          .onConflictDoNothing()
          .returning({ id: inspectionRuns.id });
        if (row)
          await audit(tx, undefined, 'start', 'inspection_run', input.runId, {
            planId: plan.id,
            units: unitIds.length,
          });
      });
      return { unitCount: unitIds.length };
    },

    /** Units `offset`..`offset+limit` of the run, in a stable order. */
    async inspectionRunBatch(input: { runId: string; offset: number; limit: number }): Promise<number[]> {
      const [run] = await db
        .select({ unitIds: inspectionRuns.unitIds })
        .from(inspectionRuns)
        .where(eq(inspectionRuns.id, input.runId));
      if (!run) throw missing(`检查批次 ${input.runId} `);
      return run.unitIds.slice(input.offset, input.offset + input.limit);
    },

    /**
     * Opens a batch of the run's units at once (runs since 'self-checks-opened-by-run'): each unit's
     * inspection row, its self-check task as the unit's workflow would create it, and the workflow's
     * start in `process_starts`, in multi-row INSERTs of one transaction. The unit sees its task within
     * seconds of the plan's start (README, Benchmarks: bench:inspection); its workflow, started after
     * (startUnitInspections) or on demand when the unit answers first (api/process-starter.ts), adopts
     * the row. A retry inserts only what is missing; each task created is audited as createTask does.
     */
    async openSelfChecks(input: {
      runId: string;
      planId: string;
      taskQueue: string;
      offset: number;
      limit: number;
    }): Promise<{ opened: number }> {
      const [row] = await db
        .select({ plan: inspectionPlans, run: inspectionRuns, template: checklistTemplates })
        .from(inspectionRuns)
        .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionRuns.planId))
        .innerJoin(checklistTemplates, eq(checklistTemplates.id, inspectionRuns.templateId))
        .where(eq(inspectionRuns.id, input.runId));
      if (!row) throw missing(`检查批次 ${input.runId} `);
      const unitIds = row.run.unitIds.slice(input.offset, input.offset + input.limit);
      if (unitIds.length === 0) return { opened: 0 };
      const selfCheckDueAt = row.run.selfCheckDueAt.toISOString();
      const [names, reviewer, plannedReview] = await Promise.all([
        db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)),
        reviewerOf(row.plan),
        deadlines.computeDeadline(REVIEW_DEADLINE_POLICY, selfCheckDueAt),
      ]);
      const nameOf = new Map(names.map((u) => [u.id, u.name]));
      const formSchema = taskFormSchema('inspection_self_check')!;
      const opened = unitIds.map((unitId) => {
        const unitName = nameOf.get(unitId);
        if (unitName === undefined) throw missing(`单位 ${unitId} `);
        const inspectionId = unitInspectionId(input.runId, unitId);
        const ctx = unitContext(row, unitName, reviewer, plannedReview.at);
        return { unitId, inspectionId, ctx, spec: selfCheckTaskSpec(ctx, inspectionId, unitId) };
      });
      await db.transaction(async (tx) => {
        await tx
          .insert(inspections)
          .values(
            opened.map((o) => ({
              id: o.inspectionId,
              runId: input.runId,
              planId: input.planId,
              unitId: o.unitId,
              ownerUnitId: row.plan.ownerUnitId,
              templateId: row.template.id,
            })),
          )
          .onConflictDoNothing();
        const created = await tx
          .insert(tasks)
          .values(
            opened.map(({ inspectionId, spec }) => ({
              workflowId: inspectionId,
              taskKey: spec.key,
              type: spec.type,
              title: spec.title,
              assigneeUnitId: spec.assigneeUnitId,
              assigneeRole: spec.assigneeRole,
              dueAt: new Date(spec.dueAt),
              remindAt: spec.remindAt ?? [],
              formSchema,
              updateName: SELF_CHECK_UPDATE_NAME,
              payload: spec.payload ?? {},
            })),
          )
          .onConflictDoNothing({ target: [tasks.workflowId, tasks.taskKey] })
          .returning({ id: tasks.id, workflowId: tasks.workflowId, assigneeUnitId: tasks.assigneeUnitId });
        await appendAudits(
          tx,
          created.map((t) => ({
            action: 'create',
            objectType: 'task',
            objectId: t.id,
            outcome: 'success' as const,
            detail: { type: 'inspection_self_check', workflowId: t.workflowId, assigneeUnitId: t.assigneeUnitId },
          })),
        );
        // The workflow is given its context: it opens nothing itself, and its self-check handler is
        // in place in its first activation, so an answer that starts it is taken, not refused.
        await tx
          .insert(processStarts)
          .values(
            opened.map((o) => ({
              workflowId: o.inspectionId,
              workflowType: 'unitInspectionWorkflow',
              taskQueue: input.taskQueue,
              args: [{ runId: input.runId, planId: input.planId, unitId: o.unitId, opened: o.ctx }],
            })),
          )
          .onConflictDoNothing();
      });
      return { opened: unitIds.length };
    },

    /**
     * Starts the workflows of units openSelfChecks opened (the run's units `offset` to `offset + limit`)
     * from their process_starts rows, START_CONCURRENCY at a time, and marks them started. One the API
     * started already (its unit answered first) is left as it is.
     */
    async startOpenedUnitInspections(input: { runId: string; offset: number; limit: number }): Promise<number> {
      const [run] = await db
        .select({ unitIds: inspectionRuns.unitIds })
        .from(inspectionRuns)
        .where(eq(inspectionRuns.id, input.runId));
      if (!run) throw missing(`检查批次 ${input.runId} `);
      const ids = run.unitIds
        .slice(input.offset, input.offset + input.limit)
        .map((unitId) => unitInspectionId(input.runId, unitId));
      if (ids.length === 0) return 0;
      const rows = await db
        .select()
        .from(processStarts)
        .where(and(inArray(processStarts.workflowId, ids), isNull(processStarts.startedAt)));
      const { client } = Context.current();
      let next = 0;
      const startNext = async (): Promise<void> => {
        for (let row = rows[next++]; row; row = rows[next++]) {
          try {
            await client.workflow.start(row.workflowType, {
              taskQueue: row.taskQueue,
              workflowId: row.workflowId,
              args: row.args,
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
        }
      };
      await Promise.all(Array.from({ length: START_CONCURRENCY }, startNext));
      // Paced by the worker: the next batch only once this one's last workflow has had its first
      // workflow task. Started all at once, a thousand first tasks would queue on the task queue ahead
      // of the one a unit's answer starts (api/process-starter.ts), and the unit would wait for them all.
      const last = rows.at(-1);
      if (last) await firstTaskDone(client, last.workflowId);
      await db
        .update(processStarts)
        .set({ startedAt: sql`now()`, attempts: sql`${processStarts.attempts} + 1` })
        .where(and(inArray(processStarts.workflowId, ids), isNull(processStarts.startedAt)));
      return ids.length;
    },

    /**
     * Starts units' inspections as workflows of their own (not children of the run), through the
     * worker's Temporal client, START_CONCURRENCY at a time: each unit costs the server one start
     * rather than a child's initiated and started events and a workflow task of the run's (README,
     * Benchmarks: bench:inspection). A retry starts only what is not started yet: an id already
     * used, even by an inspection since closed, is never started again.
     */
    async startUnitInspections(input: {
      planId: string;
      runId: string;
      taskQueue: string;
      units: { unitId: number; workflowId: string }[];
    }): Promise<void> {
      const { client } = Context.current();
      let next = 0;
      const startNext = async (): Promise<void> => {
        for (let unit = input.units[next++]; unit; unit = input.units[next++]) {
          try {
            await client.workflow.start('unitInspectionWorkflow', {
              taskQueue: input.taskQueue,
              workflowId: unit.workflowId,
              args: [{ runId: input.runId, planId: input.planId, unitId: unit.unitId }],
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
        }
      };
      await Promise.all(Array.from({ length: START_CONCURRENCY }, startNext));
    },

    async markRunStarted(input: { runId: string; count: number }): Promise<void> {
      await db.update(inspectionRuns).set({ startedCount: input.count }).where(eq(inspectionRuns.id, input.runId));
    },

    /**
     * Creates the unit's inspection row (once) and returns its context; with `reviewDeadlinePolicy`
     * also the review's planned deadline, which took a computeDeadline call of its own before (one
     * activity and one workflow activation fewer per unit: README, Benchmarks: bench:inspection).
     */
    async openUnitInspection(input: {
      inspectionId: string;
      runId: string;
      planId: string;
      unitId: number;
      reviewDeadlinePolicy?: string;
    }): Promise<UnitInspectionContext> {
      const [row] = await db
        .select({ plan: inspectionPlans, run: inspectionRuns, template: checklistTemplates, unitName: units.name })
        .from(inspectionRuns)
        .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionRuns.planId))
        .innerJoin(checklistTemplates, eq(checklistTemplates.id, inspectionRuns.templateId))
        .innerJoin(units, eq(units.id, input.unitId))
        .where(eq(inspectionRuns.id, input.runId));
      if (!row) throw missing(`检查批次 ${input.runId} `);
      const selfCheckDueAt = row.run.selfCheckDueAt.toISOString();
      const [, plannedReview, reviewer] = await Promise.all([
        db
          .insert(inspections)
          .values({
            id: input.inspectionId,
            runId: input.runId,
            planId: input.planId,
            unitId: input.unitId,
            ownerUnitId: row.plan.ownerUnitId,
            templateId: row.template.id,
          })
          .onConflictDoNothing(),
        input.reviewDeadlinePolicy ? deadlines.computeDeadline(input.reviewDeadlinePolicy, selfCheckDueAt) : undefined,
        reviewerOf(row.plan),
      ]);
      return unitContext(row, row.unitName, reviewer, plannedReview?.at);
    },

    async recordSelfCheck(input: { inspectionId: string; answers: SelfCheckAnswer[] } & ActedBy): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(inspections)
          .set({
            selfCheck: input.answers,
            selfCheckedByName: input.actor.realName,
            selfCheckedAt: sql`now()`,
            status: 'review',
            overdueResolvedAt: lateStepDone('self_check'),
            updatedAt: sql`now()`,
          })
          .where(and(eq(inspections.id, input.inspectionId), eq(inspections.status, 'self_check')))
          .returning({ id: inspections.id });
        if (row)
          await audit(tx, input, 'self_check', 'inspection', input.inspectionId, {
            nonCompliant: input.answers.filter((a) => a.answer === 'non_compliant').length,
          });
      });
    },

    /** Records the review and its findings (once); returns the findings' ids in the order given. */
    async recordReview(
      input: { inspectionId: string; items: ReviewInput['items']; findings: FindingInput[] } & ActedBy,
    ): Promise<number[]> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(inspections)
          .set({
            review: input.items,
            reviewedByName: input.actor.realName,
            reviewedAt: sql`now()`,
            status: input.findings.length ? 'rectifying' : 'closed',
            closedAt: input.findings.length ? null : sql`now()`,
            overdueResolvedAt: lateStepDone('review'),
            updatedAt: sql`now()`,
          })
          .where(and(eq(inspections.id, input.inspectionId), eq(inspections.status, 'review')))
          .returning({ id: inspections.id });
        if (row) {
          if (input.findings.length)
            await tx
              .insert(inspectionFindings)
              .values(input.findings.map((f) => ({ ...f, inspectionId: input.inspectionId })));
          await audit(tx, input, 'review', 'inspection', input.inspectionId, { findings: input.findings.length });
        }
        const findings = await tx
          .select({ id: inspectionFindings.id })
          .from(inspectionFindings)
          .where(eq(inspectionFindings.inspectionId, input.inspectionId))
          .orderBy(asc(inspectionFindings.id));
        return findings.map((f) => f.id);
      });
    },

    /** What the 限期整改通知 (关于<unit>限期整改的通知) shows: each finding with its requirement, and the deadline. */
    async rectificationNoticeData(input: {
      inspectionId: string;
      dueAt: string;
    }): Promise<{ title: string; recipient: string; data: Record<string, unknown> }> {
      const [row] = await db
        .select({ inspection: inspections, plan: inspectionPlans, unitName: units.name })
        .from(inspections)
        .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspections.planId))
        .innerJoin(units, eq(units.id, inspections.unitId))
        .where(eq(inspections.id, input.inspectionId));
      const [template] = await db
        .select({ items: checklistTemplates.items })
        .from(checklistTemplates)
        .where(eq(checklistTemplates.id, row!.inspection.templateId));
      const findings = await db
        .select()
        .from(inspectionFindings)
        .where(eq(inspectionFindings.inspectionId, input.inspectionId))
        .orderBy(asc(inspectionFindings.id));
      return {
        title: `关于${row!.unitName}限期整改的通知`,
        recipient: row!.unitName,
        data: {
          planTitle: row!.plan.title,
          unitName: row!.unitName,
          dueDate: chineseDate(new Date(input.dueAt)),
          findings: findings.map((f, i) => ({
            n: i + 1,
            id: f.id,
            item: template!.items.find((it) => it.key === f.itemKey)?.text ?? f.itemKey,
            severity: SEVERITY_LABELS[f.severity],
            article: f.article,
            description: f.description,
            requirement: f.requirement,
          })),
        },
      };
    },

    async recordRectificationNotice(input: { inspectionId: string; documentId: string; dueAt: string }): Promise<void> {
      await db
        .update(inspections)
        .set({ noticeDocumentId: input.documentId, rectificationDueAt: new Date(input.dueAt), updatedAt: sql`now()` })
        .where(eq(inspections.id, input.inspectionId));
    },

    async recordRectificationReport(
      input: { inspectionId: string } & RectificationReportInput & ActedBy,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        for (const r of input.reports) {
          await tx
            .update(inspectionFindings)
            .set({
              status: 'reported',
              report: {
                measures: r.measures.trim(),
                evidenceIds: r.evidenceIds ?? [],
                reportedBy: input.actor.realName,
                reportedAt: clock().toISOString(),
              },
              updatedAt: sql`now()`,
            })
            .where(
              and(
                eq(inspectionFindings.id, r.findingId),
                eq(inspectionFindings.inspectionId, input.inspectionId),
                eq(inspectionFindings.status, 'open'),
              ),
            );
        }
        await tx
          .update(inspections)
          .set({ overdueResolvedAt: lateStepDone('rectification'), updatedAt: sql`now()` })
          .where(eq(inspections.id, input.inspectionId));
        await audit(tx, input, 'rectification_report', 'inspection', input.inspectionId, {
          findings: input.reports.map((r) => r.findingId),
        });
      });
    },

    /** Applies the inspector's verdicts; returns the findings still open. All accepted: closed (销号). */
    async recordRectificationVerification(
      input: { inspectionId: string } & RectificationVerificationInput & ActedBy,
    ): Promise<number[]> {
      return db.transaction(async (tx) => {
        for (const r of input.results) {
          const where = and(
            eq(inspectionFindings.id, r.findingId),
            eq(inspectionFindings.inspectionId, input.inspectionId),
            eq(inspectionFindings.status, 'reported'),
          );
          if (r.verdict === 'accepted')
            await tx
              .update(inspectionFindings)
              .set({ status: 'accepted', acceptedAt: sql`now()`, updatedAt: sql`now()` })
              .where(where);
          else
            await tx
              .update(inspectionFindings)
              .set({
                status: 'open',
                rejections: sql`${inspectionFindings.rejections} || ${JSON.stringify([
                  { reason: r.reason!.trim(), by: input.actor.realName, at: clock().toISOString() },
                ])}::jsonb`,
                updatedAt: sql`now()`,
              })
              .where(where);
        }
        const open = await tx
          .select({ id: inspectionFindings.id })
          .from(inspectionFindings)
          .where(
            and(eq(inspectionFindings.inspectionId, input.inspectionId), ne(inspectionFindings.status, 'accepted')),
          )
          .orderBy(asc(inspectionFindings.id));
        await tx
          .update(inspections)
          .set({ overdueResolvedAt: lateStepDone('verification'), updatedAt: sql`now()` })
          .where(eq(inspections.id, input.inspectionId));
        if (open.length === 0)
          await tx
            .update(inspections)
            .set({ status: 'closed', closedAt: sql`now()`, updatedAt: sql`now()` })
            .where(and(eq(inspections.id, input.inspectionId), ne(inspections.status, 'closed')));
        await audit(tx, input, 'rectification_verify', 'inspection', input.inspectionId, {
          accepted: input.results.filter((r) => r.verdict === 'accepted').length,
          rejected: input.results.filter((r) => r.verdict === 'rejected').length,
        });
        return open.map((f) => f.id);
      });
    },

    /** A step's deadline passed with its task open: the inspection shows it, at that step (once per deadline). */
    async markInspectionOverdue(input: { inspectionId: string; step: InspectionStep; dueAt: string }): Promise<void> {
      const dueAt = new Date(input.dueAt);
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(inspections)
          .set({
            overdue: true,
            overdueStep: input.step,
            overdueDueAt: dueAt,
            overdueResolvedAt: null,
            updatedAt: sql`now()`,
          })
          .where(
            and(
              eq(inspections.id, input.inspectionId),
              sql`(${inspections.overdueStep}, ${inspections.overdueDueAt})
                is distinct from (${input.step}::inspection_step, ${dueAt.toISOString()}::timestamptz)`,
            ),
          )
          .returning({ id: inspections.id });
        if (row)
          await audit(tx, undefined, 'overdue', 'inspection', input.inspectionId, {
            step: input.step,
            dueAt: input.dueAt,
          });
        else {
          const [exists] = await tx
            .select({ id: inspections.id })
            .from(inspections)
            .where(eq(inspections.id, input.inspectionId));
          if (!exists) throw missing(`检查 ${input.inspectionId} `);
        }
      });
    },

    /** An overdue rectification: the inspection is flagged and an accountability case opened (once). */
    async openAccountabilityCase(input: {
      unitId: number;
      sourceType: string;
      sourceId: string;
      reason: string;
    }): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(inspections)
          .set({ overdue: true, updatedAt: sql`now()` })
          .where(eq(inspections.id, input.sourceId));
        // The case starts its own process (db/accountability-cases.ts), on this worker's queue.
        await openCase(tx, {
          unitId: input.unitId,
          source: 'rectification_overdue',
          sourceId: input.sourceId,
          reason: input.reason,
          taskQueue: Context.current().info.taskQueue,
        });
      });
    },

    /** Findings of `ids` with what the unit needs to see on its task. */
    async findingsForTask(ids: number[]): Promise<
      {
        id: number;
        itemKey: string;
        severity: string;
        article: string;
        description: string;
        requirement: string;
        rejections: unknown[];
      }[]
    > {
      if (!ids.length) return [];
      return db
        .select({
          id: inspectionFindings.id,
          itemKey: inspectionFindings.itemKey,
          severity: inspectionFindings.severity,
          article: inspectionFindings.article,
          description: inspectionFindings.description,
          requirement: inspectionFindings.requirement,
          rejections: inspectionFindings.rejections,
        })
        .from(inspectionFindings)
        .where(inArray(inspectionFindings.id, ids))
        .orderBy(asc(inspectionFindings.id));
    },
  };
}
