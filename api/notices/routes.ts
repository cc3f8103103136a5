// Notices with tracked receipt (签收): an official sends a numbered notice to a unit in their
// jurisdiction; the process runs as noticeReceiptWorkflow.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { units } from '../../db/schema.js';
import { assertUnitVisible, canSeeUnit, requireRole } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, Id, json } from '../schemas.js';
import { noticeReceiptWorkflow, noticeStatusQuery } from '../../workflows/notice-receipt.js';

const CreateNotice = z
  .strictObject({
    recipientUnitId: Id,
    title: z.string().trim().min(2).max(80),
    paragraphs: z.array(z.string().trim().min(1).max(2000)).min(1).max(50),
    dueAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Defaults to the notice.receipt deadline policy' }),
    remindBeforeSeconds: z.number().int().min(0).max(30 * 86_400).default(86_400),
  })
  .openapi('CreateNotice');

const NoticeStatus = z.object({ id: z.string(), stage: z.string(), documentId: z.string().optional(), number: z.string().optional(), dueAt: z.string().optional(), overdue: z.boolean(), result: z.unknown().optional() }).openapi('NoticeStatus');
const NoticeId = z.object({ id: z.string().regex(/^notice-[0-9a-f-]{36}$/) });

const create = createRoute({ method: 'post', path: '/notices', tags: ['notices'], security: bearer, summary: 'Issue a numbered notice to a unit and track its receipt (official)', request: { body: { required: true, ...json(CreateNotice) } }, responses: { 202: { description: 'Started', ...json(z.object({ id: z.string() })) }, ...commonErrors } });
const get = createRoute({ method: 'get', path: '/notices/{id}', tags: ['notices'], security: bearer, summary: 'Where a notice stands', request: { params: NoticeId }, responses: { 200: { description: 'Status', ...json(NoticeStatus) }, ...commonErrors } });

export function noticeRoutes({ db, temporal, env }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const [recipient] = await db.select().from(units).where(eq(units.id, body.recipientUnitId));
      assertUnitVisible(user, recipient, 'Recipient unit');
      requireRole(user, ['official'], 'issue notices');
      if (recipient.id === user.unitId) throw new AppError('validation_failed', 'A notice goes to a unit you supervise, not to your own unit.', { fields: [{ field: 'recipientUnitId', message: 'must be a unit under your jurisdiction' }] });
      const id = `notice-${crypto.randomUUID()}`;
      await temporal.workflow.start(noticeReceiptWorkflow, {
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        workflowId: id,
        // Who may read it is decided from the memo, without running workflow code.
        memo: { issuingUnitId: user.unitId, recipientUnitId: recipient.id },
        args: [{ issuingUnitId: user.unitId, recipientUnitId: recipient.id, recipientName: recipient.name, title: body.title, paragraphs: body.paragraphs, deadlinePolicy: 'notice.receipt', dueAt: body.dueAt, remindBeforeMs: body.remindBeforeSeconds * 1000, issuedBy: auditActor(user) }],
      });
      await appendAudit(db, { ...auditContext(c), action: 'create', objectType: 'notice', objectId: id, outcome: 'success', detail: { recipientUnitId: recipient.id, title: body.title } });
      return c.json({ id }, 202);
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const handle = temporal.workflow.getHandle(id);
      try {
        const description = await handle.describe();
        const memo = description.memo as { issuingUnitId?: number; recipientUnitId?: number } | undefined;
        const [issuer] = memo?.issuingUnitId ? await db.select().from(units).where(eq(units.id, memo.issuingUnitId)) : [];
        const visible = (issuer && canSeeUnit(user, issuer)) || (memo?.recipientUnitId === user.unitId);
        if (!visible) throw new AppError('not_found', 'Notice was not found.');
        const status = await handle.query(noticeStatusQuery);
        const result = description.status.name === 'COMPLETED' ? await handle.result() : undefined;
        return c.json({ id, ...status, result }, 200);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new AppError('not_found', 'Notice was not found.');
        throw err;
      }
    });
}
