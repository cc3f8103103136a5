// 通报 (000 第三十五条; issue 13): an official drafts a circular to units of their jurisdiction; the
// commission's leader approves it (a circular_approval task in /tasks) before it is numbered and
// distributed. The process runs as circularWorkflow and keeps `circulars` and `circular_recipients`
// current, which is all the read routes need. The issuing side (the issuing unit's jurisdiction, or
// its leader) sees the live receipt table; a recipient unit sees a distributed circular and its own
// row only, and opening it counts as read.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError, Refusal } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { circularRecipients, circulars, evidenceFiles, units } from '../../db/schema.js';
import { markCircularRead, receiptTable } from '../../db/circular-reads.js';
import {
  CIRCULAR_KINDS,
  CIRCULAR_MAX_RECIPIENTS,
  CIRCULAR_NAMED_RECIPIENTS,
  CIRCULAR_STAGES,
  RECEIPT_STATES,
} from '../../domain/circulars.js';
import { CreateCircularForm, type CreateCircularInput } from '../../domain/circular-forms.js';
import { canSeeUnit, hasRole, isSupervisory, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { idempotentId } from '../idempotency.js';
import { startProcessWorkflow } from '../workflow-start.js';
import { undoCircularStart } from './failed-start.js';
import { executeUpdate } from '../workflow-updates.js';
import { circularWorkflow, remindCircularUpdate } from '../../workflows/circular.js';

const CircularSchema = z
  .object({
    id: z.string(),
    issuingUnitId: z.number(),
    kind: z.enum(CIRCULAR_KINDS),
    title: z.string(),
    paragraphs: z.array(z.string()),
    attachmentIds: z.array(z.string()),
    recipientText: z.string().openapi({ description: '主送, as printed' }),
    recipientCount: z.number(),
    replyRequired: z.boolean(),
    stage: z.enum(CIRCULAR_STAGES),
    round: z.number().openapi({ description: 'Approval round (2 after one return and resubmission)' }),
    returnComment: z.string().nullable(),
    documentId: z
      .string()
      .nullable()
      .openapi({ description: 'The one PDF every recipient reads (GET /documents/{id})' }),
    number: z.string().nullable().openapi({ example: '金卫通〔2026〕7号' }),
    receiptDueAt: z.string().nullable(),
    replyDueAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    sourceType: z.string().nullable(),
    sourceId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Circular');

const ReceiptRowSchema = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    state: z.enum(RECEIPT_STATES),
    receivedAt: z.string().nullable(),
    receivedBy: z.string().nullable(),
    readAt: z.string().nullable().openapi({ description: 'First time a user of the unit opened it or its PDF' }),
    readBy: z.string().nullable(),
    repliedAt: z.string().nullable(),
    repliedBy: z.string().nullable(),
    reply: z.string().nullable(),
    remindedAt: z.string().nullable(),
    overdue: z.boolean(),
  })
  .openapi('CircularReceipt');

const CountsSchema = z
  .object({
    recipients: z.number(),
    received: z.number(),
    read: z.number(),
    replied: z.number(),
    overdue: z.number(),
    reminded: z.number(),
  })
  .openapi('CircularCounts');

const CircularDetailSchema = CircularSchema.extend({
  counts: CountsSchema,
  receipts: z.array(ReceiptRowSchema).openapi({
    description: 'The receipt table, one row per unit (a recipient unit sees its own row only)',
  }),
}).openapi('CircularDetail');

const CircularId = z.object({ id: z.string().regex(/^circular-[0-9a-f-]{36}$/) });
const ListQuery = Pagination.extend({
  box: z.enum(['sent', 'received']).optional().openapi({
    description: 'sent: issued within your jurisdiction (officials, leaders); received: sent to your unit',
  }),
  stage: z.enum(CIRCULAR_STAGES).optional(),
});

/** What a recipient unit may see: a circular once it has gone out. */
const SENT_STAGES = ['distributed', 'closed'] as const;
const UNIT_KIND_WORDS: Record<string, string> = {
  hospital: '各医院',
  cdc: '各疾病预防控制中心',
  info_center: '各全民健康信息中心',
  other: '各有关单位',
};

const create = createRoute({
  method: 'post',
  path: '/circulars',
  tags: ['circulars'],
  security: bearer,
  summary:
    'Draft a circular (通报) to units of your jurisdiction and submit it to the commission leader for approval ' +
    '(official); send Idempotency-Key to make a retry safe',
  request: { body: { required: true, ...json(CreateCircularForm) } },
  responses: {
    201: { description: 'Drafted: stage `awaiting_approval`; Location names it', ...json(CircularSchema) },
    ...commonErrors,
  },
});
const list = createRoute({
  method: 'get',
  path: '/circulars',
  tags: ['circulars'],
  security: bearer,
  summary: 'Circulars sent within your jurisdiction (box=sent) or received by your unit (box=received)',
  request: { query: ListQuery },
  responses: { 200: { description: 'A page of circulars', ...json(PageSchema(CircularSchema)) }, ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/circulars/{id}',
  tags: ['circulars'],
  security: bearer,
  summary: 'A circular with its live receipt table: received, read, replied, overdue, with who and when',
  request: { params: CircularId },
  responses: { 200: { description: 'Circular', ...json(CircularDetailSchema) }, ...commonErrors },
});
const remind = createRoute({
  method: 'post',
  path: '/circulars/{id}/reminders',
  tags: ['circulars'],
  security: bearer,
  summary: 'Remind every unit that has not signed (or replied, where asked), now (official of the issuing side)',
  request: { params: CircularId },
  responses: {
    200: { description: 'How many units were reminded', ...json(z.object({ reminded: z.number() })) },
    409: { description: 'The circular is closed, or not distributed yet', ...json(ErrorBody) },
    ...commonErrors,
  },
});

type CircularRow = typeof circulars.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const view = (c: CircularRow) => ({
  id: c.id,
  issuingUnitId: c.issuingUnitId,
  kind: c.kind,
  title: c.title,
  paragraphs: c.paragraphs,
  attachmentIds: c.attachmentIds,
  recipientText: c.recipientText,
  recipientCount: c.recipientCount,
  replyRequired: c.replyRequired,
  stage: c.stage,
  round: c.round,
  returnComment: c.returnComment,
  documentId: c.documentId,
  number: c.number,
  receiptDueAt: iso(c.receiptDueAt),
  replyDueAt: iso(c.replyDueAt),
  approvedAt: iso(c.approvedAt),
  sourceType: c.sourceType,
  sourceId: c.sourceId,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** 422 naming `field`: nothing outside the official's jurisdiction can be addressed or attached. */
const fieldError = (field: string, message: string) =>
  new AppError('validation_failed', `输入有误：${field} ${message}`, { fields: [{ field, message }] });

/** Sent to the user's own unit, and gone out. */
const receivedBy = (user: CurrentUser): SQL =>
  and(
    inArray(circulars.stage, [...SENT_STAGES]),
    sql`exists (select 1 from ${circularRecipients}
      where ${circularRecipients.circularId} = ${circulars.id} and ${circularRecipients.unitId} = ${user.unitId})`,
  )!;

/** Issued within the user's jurisdiction (an official's subtree, a leader's own commission). */
const sentBy = (user: CurrentUser): SQL => visibleUnits(user, circulars.issuingUnitId);

const mayDraftOrApprove = (user: CurrentUser) => hasRole(user, 'official', 'commission_leader');

export function circularRoutes({ db, temporal, env }: AppDeps) {
  /** Who the body's `recipients` names, each checked against the official's jurisdiction. */
  async function recipientsOf(user: CurrentUser, r: CreateCircularInput['recipients']) {
    const mine = sql`${units.path} like ${`${user.unitPath}%`} and ${units.id} <> ${user.unitId}`;
    if (r.unitIds) {
      const found = await db.select().from(units).where(inArray(units.id, r.unitIds));
      const byId = new Map(found.map((u) => [u.id, u]));
      r.unitIds.forEach((id, i) => {
        const unit = byId.get(id);
        if (!unit || !canSeeUnit(user, unit) || unit.id === user.unitId)
          throw fieldError(`recipients.unitIds.${i}`, '须为您辖区内的下级单位');
        // A receipt task goes to the unit's unit_staff, a role no commission has: a commission named here
        // would hold a task nobody can sign until the deadline. Its institutions go by subtreeOf.
        if (unit.kind === 'commission')
          throw fieldError(`recipients.unitIds.${i}`, '须为医疗卫生机构；卫生健康委员会所属机构请用 subtreeOf 主送');
      });
      const text =
        r.unitIds.length <= CIRCULAR_NAMED_RECIPIENTS
          ? r.unitIds.map((id) => byId.get(id)!.name).join('、')
          : `各有关单位（共 ${r.unitIds.length} 个）`;
      return { unitIds: r.unitIds, text, field: 'recipients.unitIds' };
    }
    if (r.subtreeOf !== undefined) {
      const [root] = await db.select().from(units).where(eq(units.id, r.subtreeOf));
      // Outside the jurisdiction reads as unknown: its existence does not leak.
      if (!root || !canSeeUnit(user, root)) throw fieldError('recipients.subtreeOf', '须为您辖区内的单位');
      const rows = await db
        .select({ id: units.id })
        .from(units)
        .where(and(sql`${units.path} like ${`${root.path}%`}`, ne(units.kind, 'commission'), mine))
        .orderBy(asc(units.id));
      const text = root.kind === 'commission' ? `${root.name}所属各医疗卫生机构` : root.name;
      return { unitIds: rows.map((u) => u.id), text, field: 'recipients.subtreeOf' };
    }
    const rows = await db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.kind, r.unitKind!), mine))
      .orderBy(asc(units.id));
    return {
      unitIds: rows.map((u) => u.id),
      text: `辖区内${UNIT_KIND_WORDS[r.unitKind!]}`,
      field: 'recipients.unitKind',
    };
  }

  /** Attachments must be files of units the official may see. */
  async function checkAttachments(user: CurrentUser, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const found = await db
      .select({ id: evidenceFiles.id, unitId: evidenceFiles.unitId, path: units.path })
      .from(evidenceFiles)
      .innerJoin(units, eq(units.id, evidenceFiles.unitId))
      .where(inArray(evidenceFiles.id, ids));
    const byId = new Map(found.map((f) => [f.id, f]));
    ids.forEach((id, i) => {
      const file = byId.get(id);
      if (!file || !canSeeUnit(user, { id: file.unitId, path: file.path }))
        throw fieldError(`attachmentIds.${i}`, '须为您辖区内已上传的文件');
    });
  }

  /** The circular if the user may see it, else 404; `issuerSide`: whether they see it as its sender. */
  async function visibleCircular(user: CurrentUser, id: string) {
    const [row] = await db
      .select({ circular: circulars, issuerPath: units.path })
      .from(circulars)
      .innerJoin(units, eq(units.id, circulars.issuingUnitId))
      .where(and(eq(circulars.id, id), sql`(${sentBy(user)} or ${receivedBy(user)})`));
    if (!row) throw new AppError('not_found', '未找到该通报。');
    const issuerSide =
      (isSupervisory(user) && canSeeUnit(user, { id: row.circular.issuingUnitId, path: row.issuerPath })) ||
      (hasRole(user, 'commission_leader') && row.circular.issuingUnitId === user.unitId);
    return { circular: row.circular, issuerSide };
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      requireRole(user, ['official'], '起草通报');
      const recipients = await recipientsOf(user, body.recipients);
      if (!recipients.unitIds.length) throw fieldError(recipients.field, '该范围内没有可主送的单位');
      if (recipients.unitIds.length > CIRCULAR_MAX_RECIPIENTS)
        throw fieldError(recipients.field, `主送单位不得超过 ${CIRCULAR_MAX_RECIPIENTS} 个`);
      await checkAttachments(user, body.attachmentIds ?? []);
      // Same Idempotency-Key, same circular: the workflow id names the document's idempotency key too.
      const id = idempotentId(c, 'circular');
      const drafter = auditActor(user);
      const created = await insertDraft(id, user, body, recipients, c);
      await startProcessWorkflow(temporal, {
        workflow: circularWorkflow,
        workflowId: id,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        args: [
          {
            issuingUnitId: user.unitId,
            kind: body.kind,
            title: body.title,
            paragraphs: body.paragraphs,
            recipientUnitIds: recipients.unitIds,
            recipientText: recipients.text,
            replyRequired: body.replyRequired,
            receiptDueAt: body.receiptDueAt,
            replyDueAt: body.replyDueAt,
            receiptWorkingDays: body.receiptWorkingDays,
            replyWorkingDays: body.replyWorkingDays,
            remindBeforeMs: body.remindBeforeSeconds * 1000,
            attachmentIds: body.attachmentIds,
            drafter,
          },
        ],
        compensate: created ? undoCircularStart(db, auditContext(c), id, 'circular') : undefined,
      });
      const [row] = await db.select().from(circulars).where(eq(circulars.id, id));
      c.header('location', `/circulars/${id}`);
      return c.json(view(row!), 201);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const box = q.box ?? (mayDraftOrApprove(user) ? 'sent' : 'received');
      if (box === 'sent' && !mayDraftOrApprove(user))
        throw new AppError('forbidden', '仅主管部门工作人员或负责人可以查看发出的通报。');
      const where = and(
        box === 'sent' ? sentBy(user) : receivedBy(user),
        q.stage ? eq(circulars.stage, q.stage) : undefined,
      );
      const page = await pageOf(db, circulars, where, q, (limit, offset) =>
        db
          .select()
          .from(circulars)
          .where(where)
          .orderBy(desc(circulars.createdAt), asc(circulars.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'circular',
        objectId: null,
        outcome: 'success',
        detail: { box, total: page.total },
      });
      return c.json({ ...page, items: page.items.map(view) }, 200);
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const { circular, issuerSide } = await visibleCircular(user, c.req.valid('param').id);
      // Opened by a user of a recipient unit: the sender's table shows it read.
      if (!issuerSide) await markCircularRead(db, circular.id, user.unitId, user.id);
      const table = await receiptTable(db, circular.id, issuerSide ? undefined : user.unitId);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'circular',
        objectId: circular.id,
        outcome: 'success',
      });
      return c.json({ ...view(circular), ...table }, 200);
    })
    .openapi(remind, async (c) => {
      const user = c.get('user');
      const { circular, issuerSide } = await visibleCircular(user, c.req.valid('param').id);
      // A recipient unit sees the circular but may not remind anybody.
      if (!issuerSide) throw new AppError('forbidden', '仅发文单位辖区的主管部门工作人员可以催办通报。');
      requireRole(user, ['official'], '催办通报');
      if (circular.stage === 'closed' || circular.stage === 'failed' || circular.stage === 'withdrawn')
        throw new Refusal('conflict', '该通报已办结，无需再催办。');
      if (circular.stage !== 'distributed') throw new Refusal('conflict', '该通报尚未分发，请分发后再催办。');
      const result = await executeUpdate<{ reminded: number }>(temporal, circular.id, remindCircularUpdate.name, {
        actor: auditActor(user),
        requestId: c.get('requestId'),
        sourceIp: c.get('sourceIp'),
      });
      return c.json(result, 200);
    });

  /** The draft and its recipients, with its audit row, in one transaction; false when the id exists (a retry). */
  async function insertDraft(
    id: string,
    user: CurrentUser,
    body: CreateCircularInput,
    recipients: { unitIds: number[]; text: string },
    c: Parameters<typeof auditContext>[0],
  ): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(circulars)
        .values({
          id,
          issuingUnitId: user.unitId,
          kind: body.kind,
          title: body.title,
          paragraphs: body.paragraphs,
          attachmentIds: body.attachmentIds ?? [],
          recipientText: recipients.text,
          recipientCount: recipients.unitIds.length,
          replyRequired: body.replyRequired,
          drafterUserId: user.id,
        })
        .onConflictDoNothing()
        .returning({ id: circulars.id });
      if (!row) return false;
      for (let i = 0; i < recipients.unitIds.length; i += 1000)
        await tx
          .insert(circularRecipients)
          .values(recipients.unitIds.slice(i, i + 1000).map((unitId) => ({ circularId: id, unitId })));
      await appendAudit(tx, {
        ...auditContext(c),
        action: 'create',
        objectType: 'circular',
        objectId: id,
        outcome: 'success',
        detail: { kind: body.kind, recipients: recipients.unitIds.length, title: body.title },
      });
      return true;
    });
  }
}
