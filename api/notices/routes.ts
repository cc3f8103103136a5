// Notices with tracked receipt (签收): an official sends a numbered 通知 to one unit in their
// jurisdiction. A notice is the one-recipient case of the circular process (kind `notice`, no
// leader's approval: the official issues it as before), run by circularWorkflow; its `circulars`
// and `circular_recipients` rows are all the read routes need (no worker, no Temporal history).
// Notices issued before run on to their end as noticeReceiptWorkflow, writing the same rows.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { circularRecipients, circulars, units, type Circular, type CircularRecipient } from '../../db/schema.js';
import { NOTICE_STAGES, type NoticeStage } from '../../domain/notices.js';
import { assertUnitVisible, isSupervisory, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, FutureDateTime, Id, json, PageSchema, Pagination } from '../schemas.js';
import { idempotentId } from '../idempotency.js';
import { startProcessWorkflow } from '../workflow-start.js';
import { undoCircularStart } from '../circulars/failed-start.js';
import { circularWorkflow } from '../../workflows/circular.js';

const CreateNotice = z
  .strictObject({
    recipientUnitId: Id,
    title: z.string().trim().min(2).max(80),
    paragraphs: z.array(z.string().trim().min(1).max(2000)).min(1).max(50),
    dueAt: FutureDateTime.optional().openapi({ description: 'Defaults to the notice.receipt deadline policy' }),
    remindBeforeSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400),
  })
  .openapi('CreateNotice');

const NoticeSchema = z
  .object({
    id: z.string(),
    issuingUnitId: z.number(),
    recipientUnitId: z.number(),
    title: z.string(),
    stage: z.enum(NOTICE_STAGES),
    documentId: z.string().nullable(),
    number: z.string().nullable(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    result: z
      .object({ receivedBy: z.string(), receivedAt: z.string() })
      .optional()
      .openapi({ description: 'Who signed for it and when, once received' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Notice');
const NoticeId = z.object({ id: z.string().regex(/^notice-[0-9a-f-]{36}$/) });
const NoticeQuery = Pagination.extend({ stage: z.enum(NOTICE_STAGES).optional() });

const create = createRoute({
  method: 'post',
  path: '/notices',
  tags: ['notices'],
  security: bearer,
  summary:
    'Issue a numbered notice to a unit and track its receipt (official); send Idempotency-Key to make a retry safe',
  request: { body: { required: true, ...json(CreateNotice) } },
  responses: {
    201: {
      description:
        'Issued: the notice as GET /notices/{id} answers it (stage `issuing` until its process numbers it); Location names it',
      ...json(NoticeSchema),
    },
    ...commonErrors,
  },
});
const list = createRoute({
  method: 'get',
  path: '/notices',
  tags: ['notices'],
  security: bearer,
  summary: 'Notices your unit issued or received, or those of your jurisdiction',
  request: { query: NoticeQuery },
  responses: {
    200: {
      description: 'A page of notices',
      ...json(PageSchema(NoticeSchema)),
    },
    ...commonErrors,
  },
});
const get = createRoute({
  method: 'get',
  path: '/notices/{id}',
  tags: ['notices'],
  security: bearer,
  summary: 'Where a notice stands',
  request: { params: NoticeId },
  responses: { 200: { description: 'Notice', ...json(NoticeSchema) }, ...commonErrors },
});

/** A circular's stage as a notice's: numbered and out is awaiting receipt until the unit signs. */
function noticeStage(c: Circular, r: CircularRecipient): NoticeStage {
  if (c.stage === 'failed' || c.stage === 'withdrawn' || c.stage === 'returned') return 'failed';
  if (r.receivedAt) return 'received';
  return c.stage === 'distributed' || c.stage === 'closed' ? 'awaiting_receipt' : 'issuing';
}

/** Each stage as a condition on the notice's circular and its one recipient (the list's filter). */
const STAGE_WHERE: Record<NoticeStage, SQL> = {
  issuing: and(inArray(circulars.stage, ['awaiting_approval', 'issuing']), isNull(circularRecipients.receivedAt))!,
  awaiting_receipt: and(inArray(circulars.stage, ['distributed', 'closed']), isNull(circularRecipients.receivedAt))!,
  received: and(
    isNotNull(circularRecipients.receivedAt),
    inArray(circulars.stage, ['issuing', 'distributed', 'closed']),
  )!,
  failed: inArray(circulars.stage, ['failed', 'withdrawn', 'returned']),
};

const view = ({ notice: n, recipient: r }: { notice: Circular; recipient: CircularRecipient }) => {
  const stage = noticeStage(n, r);
  return {
    id: n.id,
    issuingUnitId: n.issuingUnitId,
    recipientUnitId: r.unitId,
    title: n.title,
    stage,
    documentId: n.documentId,
    number: n.number,
    dueAt: n.receiptDueAt?.toISOString() ?? null,
    overdue:
      r.overdue || (stage === 'awaiting_receipt' && n.receiptDueAt !== null && n.receiptDueAt.getTime() < Date.now()),
    ...(r.receivedBy && r.receivedAt
      ? { result: { receivedBy: r.receivedBy, receivedAt: r.receivedAt.toISOString() } }
      : {}),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
};

/** Notices the user may see: the issuing unit's jurisdiction, and the recipient unit itself. */
function visibleNotices(user: CurrentUser): SQL {
  const mine = !isSupervisory(user)
    ? or(eq(circulars.issuingUnitId, user.unitId), eq(circularRecipients.unitId, user.unitId))!
    : or(visibleUnits(user, circulars.issuingUnitId), visibleUnits(user, circularRecipients.unitId))!;
  return and(eq(circulars.kind, 'notice'), mine)!;
}

export function noticeRoutes({ db, temporal, env }: AppDeps) {
  /** A notice is its circular and that circular's one recipient. */
  const noticeRows = () =>
    db
      .select({ notice: circulars, recipient: circularRecipients })
      .from(circulars)
      .innerJoin(circularRecipients, eq(circularRecipients.circularId, circulars.id))
      .$dynamic();
  const noticeOf = async (id: string) => (await noticeRows().where(eq(circulars.id, id)))[0];

  return new OpenAPIHono<AppEnv>()
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const [recipient] = await db.select().from(units).where(eq(units.id, body.recipientUnitId));
      assertUnitVisible(user, recipient, '接收单位');
      requireRole(user, ['official'], '下发通知');
      if (recipient.id === user.unitId)
        throw new AppError('validation_failed', '通知须下发给您监督的单位，不能发给本单位。', {
          fields: [{ field: 'recipientUnitId', message: '须为您辖区内的单位' }],
        });
      // Same Idempotency-Key, same notice: the workflow id names the document's idempotency key, so a
      // retried request never spends a second number.
      const id = idempotentId(c, 'notice');
      // The row and its audit row commit before the workflow starts: a failed request leaves neither
      // a process nor a numbered notice behind.
      const issuer = auditActor(user);
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(circulars)
          .values({
            id,
            issuingUnitId: user.unitId,
            kind: 'notice',
            title: body.title,
            paragraphs: body.paragraphs,
            recipientText: recipient.name,
            recipientCount: 1,
            stage: 'issuing',
            receiptDueAt: body.dueAt ? new Date(body.dueAt) : null,
            drafterUserId: user.id,
            approvedByUserId: user.id,
            approvedAt: new Date(),
          })
          .onConflictDoNothing()
          .returning({ id: circulars.id });
        if (!row) return false;
        await tx.insert(circularRecipients).values({ circularId: id, unitId: recipient.id });
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'notice',
          objectId: id,
          outcome: 'success',
          detail: { recipientUnitId: recipient.id, title: body.title },
        });
        return true;
      });
      await startProcessWorkflow(temporal, {
        workflow: circularWorkflow,
        workflowId: id,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        args: [
          {
            issuingUnitId: user.unitId,
            kind: 'notice',
            title: body.title,
            paragraphs: body.paragraphs,
            recipientUnitIds: [recipient.id],
            recipientText: recipient.name,
            replyRequired: false,
            receiptDueAt: body.dueAt,
            receiptPolicy: 'notice.receipt',
            remindBeforeMs: body.remindBeforeSeconds * 1000,
            drafter: issuer,
            // A notice needs no leader's approval: the official issues it, as before circulars existed.
            preApproved: { by: issuer, at: new Date().toISOString(), basis: '主管部门工作人员直接下发的通知' },
          },
        ],
        compensate: created ? undoCircularStart(db, auditContext(c), id, 'notice') : undefined,
      });
      const row = await noticeOf(id);
      // The same rule as every creating POST (README "Using the API"): 201, the resource, its Location.
      c.header('location', `/notices/${id}`);
      return c.json(view(row!), 201);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(visibleNotices(user), q.stage ? STAGE_WHERE[q.stage] : undefined);
      const [counted] = await db
        .select({ total: sql<number>`count(*)::int` })
        .from(circulars)
        .innerJoin(circularRecipients, eq(circularRecipients.circularId, circulars.id))
        .where(where);
      const rows = await noticeRows()
        .where(where)
        .orderBy(desc(circulars.createdAt), desc(circulars.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return c.json({ items: rows.map(view), total: counted?.total ?? 0, page: q.page, pageSize: q.pageSize }, 200);
    })
    .openapi(get, async (c) => {
      const [row] = await noticeRows().where(
        and(eq(circulars.id, c.req.valid('param').id), visibleNotices(c.get('user'))),
      );
      if (!row) throw new AppError('not_found', '未找到该通知。');
      return c.json(view(row), 200);
    });
}
