// Notices with tracked receipt (签收): an official sends a numbered notice to a unit in their
// jurisdiction; the process runs as noticeReceiptWorkflow and keeps the `notices` row current,
// which is all the read routes need (no worker, no Temporal history).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, or, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { notices, units, type Notice } from '../../db/schema.js';
import { NOTICE_STAGES } from '../../domain/notices.js';
import { assertUnitVisible, isSupervisory, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, FutureDateTime, Id, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { idempotentId } from '../idempotency.js';
import { startProcessWorkflow } from '../workflow-start.js';
import { noticeReceiptWorkflow } from '../../workflows/notice-receipt.js';

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

const view = (n: Notice) => ({
  id: n.id,
  issuingUnitId: n.issuingUnitId,
  recipientUnitId: n.recipientUnitId,
  title: n.title,
  stage: n.stage,
  documentId: n.documentId,
  number: n.number,
  dueAt: n.dueAt?.toISOString() ?? null,
  overdue: n.overdue || (n.stage === 'awaiting_receipt' && n.dueAt !== null && n.dueAt.getTime() < Date.now()),
  ...(n.receivedBy && n.receivedAt
    ? { result: { receivedBy: n.receivedBy, receivedAt: n.receivedAt.toISOString() } }
    : {}),
  createdAt: n.createdAt.toISOString(),
  updatedAt: n.updatedAt.toISOString(),
});

/** Notices the user may see: the issuing unit's jurisdiction, and the recipient unit itself. */
function visibleNotices(user: CurrentUser): SQL {
  if (!isSupervisory(user))
    return or(eq(notices.issuingUnitId, user.unitId), eq(notices.recipientUnitId, user.unitId))!;
  return or(visibleUnits(user, notices.issuingUnitId), visibleUnits(user, notices.recipientUnitId))!;
}

export function noticeRoutes({ db, temporal, env }: AppDeps) {
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
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(notices)
          .values({
            id,
            issuingUnitId: user.unitId,
            recipientUnitId: recipient.id,
            title: body.title,
            dueAt: body.dueAt ? new Date(body.dueAt) : null,
            issuedByUserId: user.id,
          })
          .onConflictDoNothing()
          .returning({ id: notices.id });
        if (row)
          await appendAudit(tx, {
            ...auditContext(c),
            action: 'create',
            objectType: 'notice',
            objectId: id,
            outcome: 'success',
            detail: { recipientUnitId: recipient.id, title: body.title },
          });
        return row !== undefined;
      });
      await startProcessWorkflow(temporal, {
        workflow: noticeReceiptWorkflow,
        workflowId: id,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        args: [
          {
            issuingUnitId: user.unitId,
            recipientUnitId: recipient.id,
            recipientName: recipient.name,
            title: body.title,
            paragraphs: body.paragraphs,
            deadlinePolicy: 'notice.receipt',
            dueAt: body.dueAt,
            remindBeforeMs: body.remindBeforeSeconds * 1000,
            issuedBy: auditActor(user),
          },
        ],
        compensate: created
          ? () =>
              db.transaction(async (tx) => {
                await tx.delete(notices).where(eq(notices.id, id));
                await appendAudit(tx, {
                  ...auditContext(c),
                  action: 'create',
                  objectType: 'notice',
                  objectId: id,
                  outcome: 'failure',
                  detail: { reason: 'workflow_start_failed', compensated: true },
                });
              })
          : undefined,
      });
      const [row] = await db.select().from(notices).where(eq(notices.id, id));
      // The same rule as every creating POST (README "Using the API"): 201, the resource, its Location.
      c.header('location', `/notices/${id}`);
      return c.json(view(row!), 201);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(visibleNotices(user), q.stage ? eq(notices.stage, q.stage) : undefined);
      const page = await pageOf(db, notices, where, q, (limit, offset) =>
        db.select().from(notices).where(where).orderBy(desc(notices.createdAt)).limit(limit).offset(offset),
      );
      return c.json({ ...page, items: page.items.map(view) }, 200);
    })
    .openapi(get, async (c) => {
      const [row] = await db
        .select()
        .from(notices)
        .where(and(eq(notices.id, c.req.valid('param').id), visibleNotices(c.get('user'))));
      if (!row) throw new AppError('not_found', '未找到该通知。');
      return c.json(view(row), 200);
    });
}
