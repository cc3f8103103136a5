// Handovers (移交, 000 第十九条): start one, follow it, save the transfer-list draft, and — for
// the supervising official — extend its due date or cancel it. Steps themselves are tasks
// (GET /tasks, POST /tasks/{id}/complete); the process runs as handoverWorkflow.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import {
  documents,
  handoverEvents,
  handoverRounds,
  handovers,
  handoverSignatures,
  tasks,
  units,
  type Handover,
} from '../../db/schema.js';
import { HANDOVER_REASONS, HANDOVER_STATUSES, OPEN_HANDOVER_STATUSES } from '../../domain/handovers.js';
import { canSeeUnit, hasRole, isSupervisory, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, Id, IdText, json, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { executeUpdate } from '../workflow-updates.js';
import { startProcessWorkflow } from '../workflow-start.js';
import { idempotentId } from '../idempotency.js';
import { draftFromRegister, handoverDueAt, handoverParties, handoverStartInput } from './start-steps.js';
import {
  cancelHandoverUpdate,
  extendHandoverDueUpdate,
  handoverWorkflow,
  type ExtendRequest,
  type SupervisorRequest,
} from '../../workflows/handover.js';

const StartHandover = z
  .strictObject({
    handingUnitId: Id,
    receivingUnitId: Id.openapi({
      description: "The handing unit's superior, or a unit in the supervising commission's jurisdiction",
    }),
    reason: z.enum(HANDOVER_REASONS),
    reasonDetail: z.string().trim().max(500).optional(),
    dueAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Defaults to the handover.complete deadline policy' }),
    remindBeforeSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400),
  })
  .openapi('StartHandover');

const DraftItem = z
  .object({})
  .catchall(z.unknown())
  .openapi({ description: 'A transfer-list item being edited; checked in full only at submission' });
const SaveDraft = z.strictObject({ items: z.array(DraftItem).max(500) }).openapi('HandoverDraft');
const Extend = z
  .strictObject({ dueAt: z.iso.datetime({ offset: true }), reason: z.string().trim().min(2).max(500) })
  .openapi('ExtendHandover');
const Cancel = z.strictObject({ reason: z.string().trim().min(2).max(500) }).openapi('CancelHandover');
export const HandoverId = z.object({ id: z.string().regex(/^handover-[0-9a-f-]{36}$/, '不是有效的移交编号') });
const HandoverQuery = Pagination.extend({
  status: z.enum(HANDOVER_STATUSES).optional(),
  unitId: IdText.optional().openapi({ description: 'Handing or receiving unit' }),
});

const HandoverSummary = z
  .object({
    id: z.string(),
    handingUnitId: z.number(),
    receivingUnitId: z.number(),
    supervisingUnitId: z.number(),
    reason: z.enum(HANDOVER_REASONS),
    reasonDetail: z.string().nullable(),
    status: z.enum(HANDOVER_STATUSES),
    currentStep: z.string(),
    round: z.number(),
    dueAt: z.string(),
    overdue: z.boolean(),
    listHash: z.string().nullable(),
    documentId: z.string().nullable(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('HandoverSummary');
// A list row names its parties: a unit's own people cannot read the other unit through /units.
const HandoverListItem = HandoverSummary.extend({ handingUnitName: z.string(), receivingUnitName: z.string() }).openapi(
  'HandoverListItem',
);
const HandoverDetail = HandoverSummary.extend({
  units: z.record(z.string(), z.string()),
  draft: z.array(z.record(z.string(), z.unknown())),
  draftSavedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  archive: z.record(z.string(), z.unknown()).nullable(),
  openTasks: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      title: z.string(),
      assigneeUnitId: z.number(),
      assigneeRole: z.string().nullable(),
      dueAt: z.string(),
      overdue: z.boolean(),
      lastRemindedAt: z.string().nullable(),
    }),
  ),
  timeline: z.array(
    z.object({
      step: z.string(),
      round: z.number().nullable(),
      actorName: z.string().nullable(),
      actorUnitId: z.number().nullable(),
      at: z.string(),
      detail: z.unknown(),
    }),
  ),
  rounds: z.array(
    z.object({
      round: z.number(),
      listHash: z.string(),
      items: z.array(z.unknown()),
      submittedByName: z.string(),
      submittedAt: z.string(),
      results: z.unknown(),
      verifiedByName: z.string().nullable(),
      verifiedAt: z.string().nullable(),
    }),
  ),
  signatures: z.array(
    z.object({
      party: z.string(),
      signerName: z.string(),
      unitId: z.number(),
      listHash: z.string(),
      signedAt: z.string(),
    }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      number: z.string().nullable(),
      title: z.string(),
      sha256: z.string(),
      createdAt: z.string(),
    }),
  ),
}).openapi('Handover');

const start = createRoute({
  method: 'post',
  path: '/handovers',
  tags: ['handovers'],
  security: bearer,
  summary: 'Start a handover (supervising official, or the handing unit’s leader)',
  request: { body: { required: true, ...json(StartHandover) } },
  responses: {
    201: { description: 'Started', ...json(HandoverDetail) },
    409: { description: 'A handover of this unit is already open', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const list = createRoute({
  method: 'get',
  path: '/handovers',
  tags: ['handovers'],
  security: bearer,
  summary: 'Handovers of your unit, or of your jurisdiction',
  request: { query: HandoverQuery },
  responses: {
    200: {
      description: 'A page of handovers',
      ...json(
        z.object({ items: z.array(HandoverListItem), total: z.number(), page: z.number(), pageSize: z.number() }),
      ),
    },
    ...commonErrors,
  },
});
const get = createRoute({
  method: 'get',
  path: '/handovers/{id}',
  tags: ['handovers'],
  security: bearer,
  summary: 'Status, current step, open tasks, timeline, rounds, signatures, documents',
  request: { params: HandoverId },
  responses: { 200: { description: 'Handover', ...json(HandoverDetail) }, ...commonErrors },
});
const saveDraft = createRoute({
  method: 'put',
  path: '/handovers/{id}/draft',
  tags: ['handovers'],
  security: bearer,
  summary: 'Save the transfer-list draft as it is edited (handing unit)',
  request: { params: HandoverId, body: { required: true, ...json(SaveDraft) } },
  responses: {
    200: { description: 'Saved', ...json(z.object({ items: z.number(), savedAt: z.string() })) },
    409: { description: 'The list is not being drafted now', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const extend = createRoute({
  method: 'post',
  path: '/handovers/{id}/extend',
  tags: ['handovers'],
  security: bearer,
  summary: 'Move the due date (supervising official); reminders and escalation follow',
  request: { params: HandoverId, body: { required: true, ...json(Extend) } },
  responses: {
    200: { description: 'Extended', ...json(HandoverDetail) },
    409: { description: 'Already closed', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const cancel = createRoute({
  method: 'post',
  path: '/handovers/{id}/cancel',
  tags: ['handovers'],
  security: bearer,
  summary: 'Cancel with a reason (supervising official)',
  request: { params: HandoverId, body: { required: true, ...json(Cancel) } },
  responses: {
    200: { description: 'Cancelled', ...json(HandoverDetail) },
    409: { description: 'Already closed', ...json(ErrorBody) },
    ...commonErrors,
  },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const summary = (h: Handover) => ({
  id: h.id,
  handingUnitId: h.handingUnitId,
  receivingUnitId: h.receivingUnitId,
  supervisingUnitId: h.supervisingUnitId,
  reason: h.reason,
  reasonDetail: h.reasonDetail,
  status: h.status,
  currentStep: h.currentStep,
  round: h.round,
  dueAt: h.dueAt.toISOString(),
  overdue: h.overdue || (h.status !== 'archived' && h.status !== 'cancelled' && h.dueAt.getTime() < Date.now()),
  listHash: h.listHash,
  documentId: h.documentId,
  createdAt: h.createdAt.toISOString(),
  closedAt: iso(h.closedAt),
});

/** Handovers the user may see: parties see their own; supervisors see any touching their jurisdiction. */
export function visibleHandovers(user: CurrentUser): SQL {
  if (!isSupervisory(user))
    return or(eq(handovers.handingUnitId, user.unitId), eq(handovers.receivingUnitId, user.unitId))!;
  return or(
    visibleUnits(user, handovers.handingUnitId),
    visibleUnits(user, handovers.receivingUnitId),
    visibleUnits(user, handovers.supervisingUnitId),
  )!;
}

export function handoverRoutes({ db, temporal, env }: AppDeps) {
  const unitById = async (id: number) => (await db.select().from(units).where(eq(units.id, id)))[0];

  async function visibleHandover(user: CurrentUser, id: string): Promise<Handover> {
    const [row] = await db
      .select()
      .from(handovers)
      .where(and(eq(handovers.id, id), visibleHandovers(user)));
    if (!row) throw new AppError('not_found', '未找到该移交。');
    return row;
  }

  async function detail(h: Handover) {
    const [unitRows, openTasks, timeline, rounds, signatures, docs] = await Promise.all([
      db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(inArray(units.id, [h.handingUnitId, h.receivingUnitId, h.supervisingUnitId])),
      db
        .select()
        .from(tasks)
        .where(and(eq(tasks.workflowId, h.id), eq(tasks.status, 'open')))
        .orderBy(asc(tasks.createdAt)),
      db
        .select()
        .from(handoverEvents)
        .where(eq(handoverEvents.handoverId, h.id))
        .orderBy(asc(handoverEvents.at), asc(handoverEvents.id)),
      db.select().from(handoverRounds).where(eq(handoverRounds.handoverId, h.id)).orderBy(asc(handoverRounds.round)),
      db.select().from(handoverSignatures).where(eq(handoverSignatures.handoverId, h.id)),
      db
        .select({
          id: documents.id,
          kind: documents.kind,
          number: documents.number,
          title: documents.title,
          sha256: documents.sha256,
          createdAt: documents.createdAt,
        })
        .from(documents)
        .where(eq(documents.workflowId, h.id))
        .orderBy(desc(documents.createdAt)),
    ]);
    return {
      ...summary(h),
      units: Object.fromEntries(unitRows.map((u) => [String(u.id), u.name])),
      draft: h.draft as Record<string, unknown>[],
      draftSavedAt: iso(h.draftSavedAt),
      cancelReason: h.cancelReason,
      archive: h.archive ?? null,
      openTasks: openTasks.map((t) => ({
        id: t.id,
        type: t.type,
        title: t.title,
        assigneeUnitId: t.assigneeUnitId,
        assigneeRole: t.assigneeRole,
        dueAt: t.dueAt.toISOString(),
        overdue: t.overdue || t.dueAt.getTime() < Date.now(),
        lastRemindedAt: iso(t.lastRemindedAt),
      })),
      timeline: timeline.map((e) => ({
        step: e.step,
        round: e.round,
        actorName: e.actorName,
        actorUnitId: e.actorUnitId,
        at: e.at.toISOString(),
        detail: e.detail,
      })),
      rounds: rounds.map((r) => ({
        round: r.round,
        listHash: r.listHash,
        items: r.items,
        submittedByName: r.submittedByName,
        submittedAt: r.submittedAt.toISOString(),
        results: r.results,
        verifiedByName: r.verifiedByName,
        verifiedAt: iso(r.verifiedAt),
      })),
      signatures: signatures.map((s) => ({
        party: s.party,
        signerName: s.signerName,
        unitId: s.unitId,
        listHash: s.listHash,
        signedAt: s.signedAt.toISOString(),
      })),
      documents: docs.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
    };
  }

  /** 404 unless visible; 403 unless the user is an official over the supervising unit. */
  async function supervisedHandover(user: CurrentUser, id: string): Promise<Handover> {
    const h = await visibleHandover(user, id);
    const supervising = await unitById(h.supervisingUnitId);
    if (!hasRole(user, 'official') || !supervising || !canSeeUnit(user, supervising))
      throw new AppError('forbidden', '仅负责监督的主管部门工作人员（official）可以延长或取消移交。');
    if (h.status === 'archived' || h.status === 'cancelled')
      throw new AppError('conflict', `该移交已${h.status === 'archived' ? '归档' : '取消'}。`);
    return h;
  }

  /** A handover whose confirmation is recorded is archiving: it can no longer be cancelled. */
  async function cancellableHandover(user: CurrentUser, id: string): Promise<Handover> {
    const h = await supervisedHandover(user, id);
    if (h.currentStep === 'archiving') throw new AppError('conflict', '主管部门已确认移交，正在归档，不能再取消。');
    return h;
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(start, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const { handing, receiving, supervising } = await handoverParties(db, user, body);
      const dueAt = await handoverDueAt(db, body.dueAt);

      // Same Idempotency-Key, same handover: a retry after a lost answer finds the one it started.
      const id = idempotentId(c, 'handover');
      const created = await db.transaction(async (tx) => {
        const draft = await draftFromRegister(tx, handing.id);
        const [row] = await tx
          .insert(handovers)
          .values({
            id,
            handingUnitId: handing.id,
            receivingUnitId: receiving.id,
            supervisingUnitId: supervising.id,
            reason: body.reason,
            reasonDetail: body.reasonDetail,
            currentStep: 'transfer_list',
            dueAt: new Date(dueAt),
            draft,
            startedByUserId: user.id,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) {
          const [same] = await tx.select().from(handovers).where(eq(handovers.id, id));
          if (same) return { row: same, replayed: true };
          const [open] = await tx
            .select({ id: handovers.id })
            .from(handovers)
            .where(
              and(eq(handovers.handingUnitId, handing.id), inArray(handovers.status, [...OPEN_HANDOVER_STATUSES])),
            );
          throw new AppError(
            'conflict',
            `${handing.name}已有进行中的移交（${open?.id ?? '进行中'}）；请先完成或取消，再发起新的移交。`,
          );
        }
        await tx.insert(handoverEvents).values({
          handoverId: id,
          eventKey: 'started',
          step: 'started',
          actorUserId: user.id,
          actorName: user.realName,
          actorUnitId: user.unitId,
          detail: { reason: body.reason, prefilledItems: draft.length },
        });
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'handover',
          objectId: id,
          outcome: 'success',
          detail: { handingUnitId: handing.id, receivingUnitId: receiving.id, reason: body.reason },
        });
        return { row, replayed: false };
      });
      // Committed first, then started: a failed commit starts nothing; a failed start removes the row.
      const { row } = created;
      await startProcessWorkflow(temporal, {
        workflow: handoverWorkflow,
        workflowId: id,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        args: [handoverStartInput(row, { handing, receiving }, body.remindBeforeSeconds)],
        compensate: created.replayed
          ? undefined
          : () =>
              db.transaction(async (tx) => {
                await tx.delete(handoverEvents).where(eq(handoverEvents.handoverId, id));
                await tx.delete(handovers).where(eq(handovers.id, id));
                await appendAudit(tx, {
                  ...auditContext(c),
                  action: 'create',
                  objectType: 'handover',
                  objectId: id,
                  outcome: 'failure',
                  detail: { reason: 'workflow_start_failed', compensated: true },
                });
              }),
      });
      c.header('location', `/handovers/${row.id}`);
      return c.json(await detail(row), 201);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleHandovers(user),
        q.status ? eq(handovers.status, q.status) : undefined,
        q.unitId ? or(eq(handovers.handingUnitId, q.unitId), eq(handovers.receivingUnitId, q.unitId)) : undefined,
      );
      const page = await pageOf(db, handovers, where, q, (limit, offset) =>
        db.select().from(handovers).where(where).orderBy(desc(handovers.createdAt)).limit(limit).offset(offset),
      );
      const ids = [...new Set(page.items.flatMap((h) => [h.handingUnitId, h.receivingUnitId]))];
      const names = new Map(
        ids.length
          ? (await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids))).map((u) => [
              u.id,
              u.name,
            ])
          : [],
      );
      const named = page.items.map((h) => ({
        ...summary(h),
        handingUnitName: names.get(h.handingUnitId) ?? '',
        receivingUnitName: names.get(h.receivingUnitId) ?? '',
      }));
      return c.json({ ...page, items: named }, 200);
    })
    .openapi(get, async (c) => {
      const h = await visibleHandover(c.get('user'), c.req.valid('param').id);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'handover',
        objectId: h.id,
        outcome: 'success',
      });
      return c.json(await detail(h), 200);
    })
    .openapi(saveDraft, async (c) => {
      const user = c.get('user');
      const h = await visibleHandover(user, c.req.valid('param').id);
      if (h.handingUnitId !== user.unitId || !hasRole(user, 'unit_staff', 'unit_leader'))
        throw new AppError('forbidden', '仅移交单位的工作人员可以编辑移交清单。');
      const { items } = c.req.valid('json');
      const saved = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(handovers)
          .set({ draft: items, draftSavedAt: sql`now()`, draftSavedByUserId: user.id, updatedAt: sql`now()` })
          .where(and(eq(handovers.id, h.id), eq(handovers.status, 'drafting')))
          .returning();
        if (!row) throw new AppError('conflict', '移交清单当前不在起草阶段（已交接收单位核对、正在签署或已结束）。');
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'save_draft',
          objectType: 'handover',
          objectId: h.id,
          outcome: 'success',
          detail: { items: items.length },
        });
        return row;
      });
      return c.json({ items: items.length, savedAt: saved.draftSavedAt!.toISOString() }, 200);
    })
    .openapi(extend, async (c) => {
      const user = c.get('user');
      const h = await supervisedHandover(user, c.req.valid('param').id);
      const body = c.req.valid('json');
      const request: ExtendRequest = {
        actor: auditActor(user),
        requestId: c.get('requestId'),
        sourceIp: c.get('sourceIp'),
        reason: body.reason,
        dueAt: body.dueAt,
      };
      await executeUpdate(temporal, h.id, extendHandoverDueUpdate.name, request);
      return c.json(await detail(await visibleHandover(user, h.id)), 200);
    })
    .openapi(cancel, async (c) => {
      const user = c.get('user');
      const h = await cancellableHandover(user, c.req.valid('param').id);
      const request: SupervisorRequest = {
        actor: auditActor(user),
        requestId: c.get('requestId'),
        sourceIp: c.get('sourceIp'),
        reason: c.req.valid('json').reason,
      };
      await executeUpdate(temporal, h.id, cancelHandoverUpdate.name, request);
      return c.json(await detail(await visibleHandover(user, h.id)), 200);
    });
}
