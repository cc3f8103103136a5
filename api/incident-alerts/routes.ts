// 预警通报 (issue 12, item 5): an official turns an incident into a numbered alert to every
// institution of a subtree of their jurisdiction; the process runs as incidentAlertWorkflow and keeps
// `incident_alerts` and `incident_alert_recipients` current, which is all the read routes need.
// An alert is visible to the jurisdiction of its issuing unit and to each unit it was sent to
// (which sees its own row of the receipt table only).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError, Refusal } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { incidentAlertRecipients, incidentAlerts, incidents, units, type Unit } from '../../db/schema.js';
import { alertRecipientIds, type AlertScope } from '../../db/alert-recipients.js';
import { ALERT_REPLY_RESULTS, ALERT_STATUSES } from '../../domain/incidents.js';
import { CreateAlertForm } from '../../domain/incident-forms.js';
import { RECIPIENT_FILTERS, type RecipientFilter } from '../../domain/incident-alerts.js';
import { assertUnitVisible, canSeeUnit, isSupervisory, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { idempotentId } from '../idempotency.js';
import { startProcessWorkflow } from '../workflow-start.js';
import { executeUpdate } from '../workflow-updates.js';
import { incidentAlertWorkflow, remindAlertUpdate } from '../../workflows/incident-alert.js';

const AlertSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    issuingUnitId: z.number(),
    rootUnitId: z.number().nullable(),
    title: z.string(),
    measures: z.array(z.string()),
    status: z.enum(ALERT_STATUSES),
    documentId: z
      .string()
      .nullable()
      .openapi({ description: 'The one PDF every recipient reads (GET /documents/{id})' }),
    number: z.string().nullable().openapi({ example: '豫卫网安〔2026〕3号' }),
    replyDueAt: z.string().nullable(),
    recipientCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('IncidentAlert');

const RecipientSchema = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    state: z.enum(['unacknowledged', 'acknowledged', 'replied']),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    repliedAt: z.string().nullable(),
    replyResult: z.enum(ALERT_REPLY_RESULTS).nullable(),
    reply: z.record(z.string(), z.unknown()).nullable(),
    remindedAt: z.string().nullable(),
    overdue: z.boolean(),
  })
  .openapi('IncidentAlertRecipient');

const CountsSchema = z
  .object({
    recipients: z.number(),
    acknowledged: z.number(),
    replied: z.number(),
    unanswered: z.number().openapi({ description: 'Not replied yet, signed or not' }),
    overdue: z.number(),
    reminded: z.number(),
  })
  .openapi('IncidentAlertCounts');

const AlertDetailSchema = AlertSchema.extend({
  counts: CountsSchema,
  receipts: z.array(RecipientSchema).openapi({
    description:
      'The receipt table, one row per unit (a recipient unit sees its own row only); for thousands of units page through GET /incident-alerts/{id}/recipients',
  }),
}).openapi('IncidentAlertDetail');

const IncidentId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) });
const AlertId = z.object({ id: z.string().regex(/^alert-[0-9a-f-]{36}$/) });
const AlertQuery = Pagination.extend({ status: z.enum(ALERT_STATUSES).optional() });
const RecipientQuery = Pagination.extend({ state: z.enum(RECIPIENT_FILTERS).optional() });

/** The receipt table in one response up to this many units; beyond it, the paged route. */
const RECEIPT_TABLE_LIMIT = 2000;

const create = createRoute({
  method: 'post',
  path: '/incidents/{id}/alerts',
  tags: ['incident-alerts'],
  security: bearer,
  summary:
    'Turn an incident into a numbered alert (预警通报) to every institution of a subtree, or to the units listed ' +
    '(official); send Idempotency-Key to make a retry safe',
  request: { params: IncidentId, body: { required: true, ...json(CreateAlertForm) } },
  responses: {
    201: {
      description:
        'Issued: the alert (status `issuing` until its process numbers and distributes it); Location names it',
      ...json(AlertSchema),
    },
    ...commonErrors,
  },
});
const list = createRoute({
  method: 'get',
  path: '/incident-alerts',
  tags: ['incident-alerts'],
  security: bearer,
  summary: 'Alerts issued within your jurisdiction or sent to your unit',
  request: { query: AlertQuery },
  responses: { 200: { description: 'A page of alerts', ...json(PageSchema(AlertSchema)) }, ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/incident-alerts/{id}',
  tags: ['incident-alerts'],
  security: bearer,
  summary: 'An alert with its receipt table: who signed, who replied, who is overdue or was reminded',
  request: { params: AlertId },
  responses: { 200: { description: 'Alert', ...json(AlertDetailSchema) }, ...commonErrors },
});
const recipients = createRoute({
  method: 'get',
  path: '/incident-alerts/{id}/recipients',
  tags: ['incident-alerts'],
  security: bearer,
  summary: 'The receipt table page by page; `state=unanswered` lists the units that have not replied',
  request: { params: AlertId, query: RecipientQuery },
  responses: { 200: { description: 'A page of recipients', ...json(PageSchema(RecipientSchema)) }, ...commonErrors },
});
const remind = createRoute({
  method: 'post',
  path: '/incident-alerts/{id}/remind',
  tags: ['incident-alerts'],
  security: bearer,
  summary: 'Remind every unit that has not replied, now (official of the issuing jurisdiction)',
  request: { params: AlertId },
  responses: {
    200: { description: 'How many units were reminded', ...json(z.object({ reminded: z.number() })) },
    409: { description: 'The alert is closed, or still being distributed', ...json(ErrorBody) },
    ...commonErrors,
  },
});

type AlertRow = typeof incidentAlerts.$inferSelect;
type RecipientRow = typeof incidentAlertRecipients.$inferSelect & { unitName: string };

const view = (a: AlertRow) => ({
  id: a.id,
  incidentId: a.incidentId,
  issuingUnitId: a.issuingUnitId,
  rootUnitId: a.rootUnitId,
  title: a.title,
  measures: a.measures,
  status: a.status,
  documentId: a.documentId,
  number: a.number,
  replyDueAt: a.replyDueAt?.toISOString() ?? null,
  recipientCount: a.recipientCount,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

const recipientView = (r: RecipientRow) => ({
  unitId: r.unitId,
  unitName: r.unitName,
  state: r.repliedAt
    ? ('replied' as const)
    : r.acknowledgedAt
      ? ('acknowledged' as const)
      : ('unacknowledged' as const),
  acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
  acknowledgedBy: r.acknowledgedBy,
  repliedAt: r.repliedAt?.toISOString() ?? null,
  replyResult: r.replyResult,
  reply: r.reply,
  remindedAt: r.remindedAt?.toISOString() ?? null,
  overdue: r.overdue,
});

const recipientOf = (user: CurrentUser) =>
  sql`exists (select 1 from ${incidentAlertRecipients}
    where ${incidentAlertRecipients.alertId} = ${incidentAlerts.id} and ${incidentAlertRecipients.unitId} = ${user.unitId})`;

/** Alerts the user may see: issued within their jurisdiction, or sent to their own unit. */
const visibleAlerts = (user: CurrentUser): SQL =>
  or(visibleUnits(user, incidentAlerts.issuingUnitId), recipientOf(user))!;

const STATE_FILTERS: Record<RecipientFilter, SQL> = {
  unanswered: isNull(incidentAlertRecipients.repliedAt),
  unacknowledged: isNull(incidentAlertRecipients.acknowledgedAt),
  acknowledged: and(isNotNull(incidentAlertRecipients.acknowledgedAt), isNull(incidentAlertRecipients.repliedAt))!,
  replied: isNotNull(incidentAlertRecipients.repliedAt),
  overdue: eq(incidentAlertRecipients.overdue, true),
};

/** 422 naming `field` (its scope is not the caller's to alert). */
/** `field` '' is the request as a whole (no one field is wrong: the scope it names is empty). */
const scopeError = (field: string, message: string) =>
  new AppError('validation_failed', `输入有误：${field ? `${field} ` : ''}${message}`, {
    fields: [{ field, message }],
  });

export function incidentAlertRoutes({ db, temporal, env }: AppDeps) {
  /** The alert if the user may see it, else 404; `issuerSide`: whether the user sees it as the issuing jurisdiction. */
  async function visibleAlert(user: CurrentUser, id: string): Promise<{ alert: AlertRow; issuerSide: boolean }> {
    const [row] = await db
      .select({ alert: incidentAlerts, issuerPath: units.path })
      .from(incidentAlerts)
      .innerJoin(units, eq(units.id, incidentAlerts.issuingUnitId))
      .where(and(eq(incidentAlerts.id, id), visibleAlerts(user)));
    if (!row) throw new AppError('not_found', '未找到该预警通报。');
    return {
      alert: row.alert,
      issuerSide: isSupervisory(user) && canSeeUnit(user, { id: row.alert.issuingUnitId, path: row.issuerPath }),
    };
  }

  const recipientRows = (alertId: string, where: SQL | undefined) =>
    db
      .select({ r: incidentAlertRecipients, unitName: units.name })
      .from(incidentAlertRecipients)
      .innerJoin(units, eq(units.id, incidentAlertRecipients.unitId))
      .where(and(eq(incidentAlertRecipients.alertId, alertId), where))
      .orderBy(asc(incidentAlertRecipients.unitId));

  /** What the caller's scope resolves to: the subtree (default the caller's own) or the listed units, checked. */
  async function scopeOf(
    user: CurrentUser,
    body: z.infer<typeof CreateAlertForm>,
  ): Promise<AlertScope & { count: number }> {
    if (body.unitIds) {
      const found = await db.select().from(units).where(inArray(units.id, body.unitIds));
      const byId = new Map(found.map((u) => [u.id, u]));
      body.unitIds.forEach((id, i) => {
        const unit = byId.get(id);
        if (!unit || !canSeeUnit(user, unit)) throw scopeError(`unitIds.${i}`, '须为您辖区内的单位');
        if (unit.kind === 'commission') throw scopeError(`unitIds.${i}`, '须为医疗卫生机构（不能是卫生健康委员会）');
      });
      return { unitIds: body.unitIds, count: body.unitIds.length };
    }
    let root: Unit | undefined;
    if (body.rootUnitId !== undefined) {
      [root] = await db.select().from(units).where(eq(units.id, body.rootUnitId));
      // Outside the jurisdiction reads as unknown: its existence does not leak.
      if (!root || !canSeeUnit(user, root)) throw scopeError('rootUnitId', '须为您辖区内的单位');
    }
    const rootPath = root?.path ?? user.unitPath;
    const count = (await alertRecipientIds(db, { rootPath })).length;
    if (!count) throw scopeError(body.rootUnitId !== undefined ? 'rootUnitId' : '', '该范围内没有医疗卫生机构');
    return { rootPath, count };
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const [incident] = await db
        .select({ id: incidents.id, unitId: incidents.unitId, path: units.path })
        .from(incidents)
        .innerJoin(units, eq(units.id, incidents.unitId))
        .where(eq(incidents.id, c.req.valid('param').id));
      assertUnitVisible(user, incident && { id: incident.unitId, path: incident.path }, '事件');
      requireRole(user, ['official'], '发布预警通报');
      const scope = await scopeOf(user, body);
      const rootUnitId = 'rootPath' in scope ? (body.rootUnitId ?? user.unitId) : undefined;
      // Same Idempotency-Key, same alert: the workflow id names the document's idempotency key, so a
      // retried request never spends a second number.
      const id = idempotentId(c, 'alert');
      // The row and its audit row commit before the workflow starts: a failed start leaves neither.
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(incidentAlerts)
          .values({
            id,
            incidentId: incident.id,
            issuingUnitId: user.unitId,
            rootUnitId: rootUnitId ?? null,
            title: body.title,
            measures: body.measures,
            replyDueAt: body.replyDueAt ? new Date(body.replyDueAt) : null,
            recipientCount: scope.count,
            issuedByUserId: user.id,
          })
          .onConflictDoNothing()
          .returning({ id: incidentAlerts.id });
        if (row)
          await appendAudit(tx, {
            ...auditContext(c),
            action: 'create',
            objectType: 'incident_alert',
            objectId: id,
            outcome: 'success',
            detail: { incidentId: incident.id, rootUnitId, recipients: scope.count, title: body.title },
          });
        return row !== undefined;
      });
      await startProcessWorkflow(temporal, {
        workflow: incidentAlertWorkflow,
        workflowId: id,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        args: [
          {
            incidentId: incident.id,
            issuingUnitId: user.unitId,
            title: body.title,
            paragraphs: body.paragraphs,
            measures: body.measures,
            ...(rootUnitId !== undefined ? { rootUnitId } : { unitIds: body.unitIds }),
            replyDueAt: body.replyDueAt,
            remindBeforeMs: body.remindBeforeSeconds * 1000,
            issuedBy: auditActor(user),
          },
        ],
        compensate: created
          ? () =>
              db.transaction(async (tx) => {
                await tx.delete(incidentAlerts).where(eq(incidentAlerts.id, id));
                await appendAudit(tx, {
                  ...auditContext(c),
                  action: 'create',
                  objectType: 'incident_alert',
                  objectId: id,
                  outcome: 'failure',
                  detail: { reason: 'workflow_start_failed', compensated: true },
                });
              })
          : undefined,
      });
      const [row] = await db.select().from(incidentAlerts).where(eq(incidentAlerts.id, id));
      c.header('location', `/incident-alerts/${id}`);
      return c.json(view(row!), 201);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(visibleAlerts(user), q.status ? eq(incidentAlerts.status, q.status) : undefined);
      const page = await pageOf(db, incidentAlerts, where, q, (limit, offset) =>
        db
          .select()
          .from(incidentAlerts)
          .where(where)
          .orderBy(desc(incidentAlerts.createdAt), asc(incidentAlerts.id))
          .limit(limit)
          .offset(offset),
      );
      return c.json({ ...page, items: page.items.map(view) }, 200);
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const { alert, issuerSide } = await visibleAlert(user, c.req.valid('param').id);
      const own = issuerSide ? undefined : eq(incidentAlertRecipients.unitId, user.unitId);
      const [counts] = await db
        .select({
          recipients: sql<number>`count(*)::int`,
          acknowledged: sql<number>`count(${incidentAlertRecipients.acknowledgedAt})::int`,
          replied: sql<number>`count(${incidentAlertRecipients.repliedAt})::int`,
          unanswered: sql<number>`(count(*) - count(${incidentAlertRecipients.repliedAt}))::int`,
          overdue: sql<number>`(count(*) filter (where ${incidentAlertRecipients.overdue}))::int`,
          reminded: sql<number>`count(${incidentAlertRecipients.remindedAt})::int`,
        })
        .from(incidentAlertRecipients)
        .where(and(eq(incidentAlertRecipients.alertId, alert.id), own));
      const rows = await recipientRows(alert.id, own).limit(RECEIPT_TABLE_LIMIT);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'incident_alert',
        objectId: alert.id,
        outcome: 'success',
      });
      return c.json(
        { ...view(alert), counts: counts!, receipts: rows.map(({ r, unitName }) => recipientView({ ...r, unitName })) },
        200,
      );
    })
    .openapi(recipients, async (c) => {
      const user = c.get('user');
      const { alert, issuerSide } = await visibleAlert(user, c.req.valid('param').id);
      const q = c.req.valid('query');
      const where = and(
        issuerSide ? undefined : eq(incidentAlertRecipients.unitId, user.unitId),
        q.state ? STATE_FILTERS[q.state] : undefined,
      );
      const page = await pageOf(
        db,
        incidentAlertRecipients,
        () => and(eq(incidentAlertRecipients.alertId, alert.id), where),
        q,
        (limit, offset) => recipientRows(alert.id, where).limit(limit).offset(offset),
      );
      return c.json({ ...page, items: page.items.map(({ r, unitName }) => recipientView({ ...r, unitName })) }, 200);
    })
    .openapi(remind, async (c) => {
      const user = c.get('user');
      const { alert, issuerSide } = await visibleAlert(user, c.req.valid('param').id);
      // A recipient unit sees the alert but may not remind anybody.
      if (!issuerSide) throw new AppError('forbidden', '仅发布单位辖区的监管人员（official）可以催办预警通报。');
      requireRole(user, ['official'], '催办预警通报');
      if (alert.status === 'closed' || alert.status === 'failed')
        throw new Refusal('conflict', '该预警通报已办结，无需再提醒。');
      // Before distribution there is nobody to remind (and the process has no handler for it yet).
      if (alert.status !== 'open') throw new Refusal('conflict', '该预警通报尚在分发，请稍后再提醒。');
      const result = await executeUpdate<{ reminded: number }>(temporal, alert.id, remindAlertUpdate.name, {
        actor: auditActor(user),
        requestId: c.get('requestId'),
        sourceIp: c.get('sourceIp'),
      });
      return c.json(result, 200);
    });
}
