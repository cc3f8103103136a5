// Security incidents (000 第三十一条; NSIR): a unit reports (初报) and follows up (续报, 终报); the
// process (workflows/incident.ts) takes each report up the hierarchy. The `incidents` row and its
// hash-linked reports are all the read routes need.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { verifyReportChain } from '../../db/incident-reports.js';
import {
  deadlinePolicies,
  documents,
  incidentAlerts,
  incidentHops,
  incidentReports,
  incidents,
  units,
} from '../../db/schema.js';
import { formJsonSchema } from '../../domain/forms.js';
import { DEADLINE_UNIT_NAMES } from '../../domain/deadlines.js';
import { FinalReportForm, InitialReportForm, UpdateReportForm } from '../../domain/incident-forms.js';
import {
  CATEGORY_NAMES,
  INCIDENT_CATEGORIES,
  INCIDENT_LEVELS,
  LEVEL_CRITERIA,
  LEVEL_NAMES,
  mustForward,
  INCIDENT_STATUSES,
  reportPolicy,
} from '../../domain/incidents.js';
import { hasRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, Id, IdText, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { idempotentId } from '../idempotency.js';
import { reportDeadlines, reportingUnit, storeInitialReport } from './initial-report.js';
import { executeUpdate } from '../workflow-updates.js';
import { REPORT_TASK_KEY, submitReportUpdate, type SubmittedReport } from '../../workflows/incident.js';
import {
  IncidentDetailSchema,
  IncidentReportSchema,
  IncidentSchema,
  presentHop,
  presentIncident,
  presentReport,
} from './views.js';

const REPORT_FORM_SCHEMA = formJsonSchema(InitialReportForm);

/** Reports may carry pasted logs: a body this large is read, so a field over its limit is named in a 422. */
export const INCIDENT_REPORT_MAX_BYTES = 12 * 1024 * 1024;

const CreateIncident = InitialReportForm.extend({
  unitId: Id.optional().openapi({
    description: '事发单位：默认本单位；主管部门登记其辖区单位未报告的事件（漏报）时填写',
  }),
}).openapi('CreateIncident');
// The same union as domain/incident-forms.ts FollowUpReportForm, built with the OpenAPI-aware zod to be named in the document.
const FollowUpReport = z
  .discriminatedUnion('stage', [UpdateReportForm, FinalReportForm])
  .openapi('FollowUpIncidentReport');
const IncidentIdParam = z.object({ id: z.string().regex(/^incident-[0-9a-f-]{36}$/, '不是有效的事件编号') });
const ReportParam = IncidentIdParam.extend({ seq: IdText });
/** A time in a filter: ISO 8601 with its offset, from 1900 on (PostgreSQL has no year 0). */
const queryInstant = () =>
  z.iso
    .datetime({ offset: true, message: '须为带时区的时间，例如 2026-11-23T08:30:00+08:00' })
    .refine((v) => Date.parse(v) >= Date.parse('1900-01-01T00:00:00Z'), { message: '须为 1900 年以后的时间' });
const IncidentQuery = Pagination.extend({
  level: z.enum(INCIDENT_LEVELS).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  unitId: IdText.optional(),
  late: z.enum(['true', 'false']).optional().openapi({ description: '只看迟报（true）或按时（false）' }),
  from: queryInstant().optional().openapi({ description: '发现时间不早于' }),
  to: queryInstant().optional().openapi({ description: '发现时间不晚于' }),
});

const create = createRoute({
  method: 'post',
  path: '/incidents',
  tags: ['incidents'],
  security: bearer,
  summary:
    'Report a security incident (初报; unit staff or leader), or record one a unit did not report (official); ' +
    'send Idempotency-Key to make a retry safe. A late report is accepted and marked 迟报.',
  request: { body: { required: true, ...json(CreateIncident) } },
  responses: { 201: { description: 'Reported; Location names it', ...json(IncidentSchema) }, ...commonErrors },
});
const list = createRoute({
  method: 'get',
  path: '/incidents',
  tags: ['incidents'],
  security: bearer,
  summary: "Incidents of your unit, or your jurisdiction's",
  request: { query: IncidentQuery },
  responses: { 200: { description: 'A page of incidents', ...json(PageSchema(IncidentSchema)) }, ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/incidents/{id}',
  tags: ['incidents'],
  security: bearer,
  summary: 'An incident with every report version, every hop up the hierarchy and its documents',
  request: { params: IncidentIdParam },
  responses: { 200: { description: 'Incident', ...json(IncidentDetailSchema) }, ...commonErrors },
});
const report = createRoute({
  method: 'post',
  path: '/incidents/{id}/reports',
  tags: ['incidents'],
  security: bearer,
  summary:
    'A 续报 (stage update; a new level re-runs the routing; handled: true starts the 终报 deadline) or the 终报 (stage final)',
  request: { params: IncidentIdParam, body: { required: true, ...json(FollowUpReport) } },
  responses: {
    201: { description: 'Stored on the chain; Location names the version', ...json(IncidentReportSchema) },
    ...commonErrors,
  },
});
const ReportFormSchema = z
  .object({
    formSchema: z.record(z.string(), z.unknown()).openapi({ description: 'POST /incidents 的 JSON Schema' }),
    levels: z.array(
      z.object({
        level: z.enum(INCIDENT_LEVELS),
        name: z.string(),
        criteria: z.string(),
        forwardedToProvince: z.boolean(),
        reportWithin: z
          .array(
            z.object({ criticalInfrastructure: z.boolean(), policy: z.string(), limit: z.string(), basis: z.string() }),
          )
          .openapi({ description: '自发现起的报告时限（期限策略）' }),
      }),
    ),
    categories: z.array(z.object({ category: z.enum(INCIDENT_CATEGORIES), name: z.string() })),
  })
  .openapi('IncidentReportForm');
const form = createRoute({
  method: 'get',
  path: '/incidents/report-form',
  tags: ['incidents'],
  security: bearer,
  summary:
    'What a unit fills in to report: the form, each level with its criteria and its time limit from the policies in force',
  responses: { 200: { description: 'The form', ...json(ReportFormSchema) }, ...commonErrors },
});
const getReport = createRoute({
  method: 'get',
  path: '/incidents/{id}/reports/{seq}',
  tags: ['incidents'],
  security: bearer,
  summary: 'One report version',
  request: { params: ReportParam },
  responses: { 200: { description: 'Report version', ...json(IncidentReportSchema) }, ...commonErrors },
});

/** Incidents the user may see: its own unit's, or its jurisdiction's. */
const visibleIncidents = (user: CurrentUser): SQL => visibleUnits(user, incidents.unitId);

export function incidentRoutes({ db, temporal, env, processStarter }: AppDeps) {
  async function visibleIncident(user: CurrentUser, id: string) {
    const [row] = await db
      .select()
      .from(incidents)
      .where(and(eq(incidents.id, id), visibleIncidents(user)));
    if (!row) throw new AppError('not_found', '未找到该事件。');
    return row;
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(create, async (c) => {
      const user = c.get('user');
      const { unitId: forUnit, ...facts } = c.req.valid('json');
      const reporter = await reportingUnit(db, user, forUnit);
      const reportedAt = new Date();
      const due = await reportDeadlines(db, facts, reportedAt);
      const id = idempotentId(c, 'incident');
      const { created, stored } = await storeInitialReport(db, {
        id,
        facts,
        reporter,
        due,
        reportedAt,
        user,
        audit: auditContext(c),
        taskQueue: env.TEMPORAL_TASK_QUEUE,
      });
      // The workflow starts right after the commit, a few at a time, or on the starter's sweep if
      // Temporal is away (api/process-starter.ts): a report is never refused for want of it.
      if (created) processStarter!.kick(id);
      c.header('location', `/incidents/${id}`);
      return c.json(presentIncident(stored), 201);
    })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleIncidents(user),
        q.level ? eq(incidents.level, q.level) : undefined,
        q.status ? eq(incidents.status, q.status) : undefined,
        q.unitId ? eq(incidents.unitId, q.unitId) : undefined,
        q.late ? eq(incidents.late, q.late === 'true') : undefined,
        q.from ? gte(incidents.discoveredAt, new Date(q.from)) : undefined,
        q.to ? lte(incidents.discoveredAt, new Date(q.to)) : undefined,
      );
      const page = await pageOf(db, incidents, where, q, (limit, offset) =>
        db
          .select()
          .from(incidents)
          .where(where)
          .orderBy(desc(incidents.discoveredAt), desc(incidents.id))
          .limit(limit)
          .offset(offset),
      );
      return c.json({ ...page, items: page.items.map(presentIncident) }, 200);
    })
    .openapi(form, async (c) => {
      const policies = await db.select().from(deadlinePolicies);
      const limit = (key: string) => {
        const p = policies.find((x) => x.key === key);
        return {
          policy: key,
          limit: p ? `${p.amount} ${DEADLINE_UNIT_NAMES[p.unit]}` : '未设置',
          basis: p?.basis ?? '',
        };
      };
      return c.json(
        {
          formSchema: REPORT_FORM_SCHEMA,
          levels: INCIDENT_LEVELS.map((level) => ({
            level,
            name: LEVEL_NAMES[level],
            criteria: LEVEL_CRITERIA[level],
            forwardedToProvince: mustForward(level),
            reportWithin: [false, true].map((cii) => ({
              criticalInfrastructure: cii,
              ...limit(reportPolicy(level, cii)),
            })),
          })),
          categories: INCIDENT_CATEGORIES.map((category) => ({ category, name: CATEGORY_NAMES[category] })),
        },
        200,
      );
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const incident = await visibleIncident(user, c.req.valid('param').id);
      const [reports, hops, docs, chain, alerts] = await Promise.all([
        db
          .select()
          .from(incidentReports)
          .where(eq(incidentReports.incidentId, incident.id))
          .orderBy(asc(incidentReports.seq)),
        db
          .select({ hop: incidentHops, toUnitName: units.name })
          .from(incidentHops)
          .innerJoin(units, eq(units.id, incidentHops.toUnitId))
          .where(eq(incidentHops.incidentId, incident.id))
          .orderBy(asc(incidentHops.at), asc(incidentHops.id)),
        db
          .select({
            id: documents.id,
            number: documents.number,
            title: documents.title,
            sha256: documents.sha256,
            createdAt: documents.createdAt,
          })
          .from(documents)
          .where(eq(documents.workflowId, incident.id))
          .orderBy(asc(documents.createdAt)),
        verifyReportChain(db, incident.id),
        // Alerts issued from it that the caller's jurisdiction issued (a recipient reads its own at /incident-alerts).
        db
          .select({
            id: incidentAlerts.id,
            number: incidentAlerts.number,
            title: incidentAlerts.title,
            status: incidentAlerts.status,
            recipientCount: incidentAlerts.recipientCount,
            createdAt: incidentAlerts.createdAt,
          })
          .from(incidentAlerts)
          .where(and(eq(incidentAlerts.incidentId, incident.id), visibleUnits(user, incidentAlerts.issuingUnitId)))
          .orderBy(asc(incidentAlerts.createdAt)),
      ]);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'incident',
        objectId: incident.id,
        outcome: 'success',
      });
      return c.json(
        {
          ...presentIncident(incident),
          reports: reports.map(presentReport),
          hops: hops.map((h) => presentHop({ ...h.hop, toUnitName: h.toUnitName })),
          documents: docs.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
          alerts: alerts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
          chain,
        },
        200,
      );
    })
    .openapi(report, async (c) => {
      const user = c.get('user');
      const incident = await visibleIncident(user, c.req.valid('param').id);
      if (incident.unitId !== user.unitId || !hasRole(user, 'unit_staff', 'unit_leader'))
        throw new AppError(
          'forbidden',
          '仅事发单位的工作人员（unit_staff）或负责人（unit_leader）可以续报或报送终报。',
        );
      const submitted = await executeUpdate<SubmittedReport>(
        temporal,
        incident.id,
        submitReportUpdate.name,
        {
          taskId: '',
          taskKey: REPORT_TASK_KEY,
          input: c.req.valid('json'),
          actor: auditActor(user),
          requestId: c.get('requestId'),
          sourceIp: c.get('sourceIp'),
        },
        processStarter,
      );
      const [row] = await db
        .select()
        .from(incidentReports)
        .where(and(eq(incidentReports.incidentId, incident.id), eq(incidentReports.seq, submitted.seq)));
      c.header('location', `/incidents/${incident.id}/reports/${submitted.seq}`);
      return c.json(presentReport(row!), 201);
    })
    .openapi(getReport, async (c) => {
      const { id, seq } = c.req.valid('param');
      const incident = await visibleIncident(c.get('user'), id);
      const [row] = await db
        .select()
        .from(incidentReports)
        .where(and(eq(incidentReports.incidentId, incident.id), eq(incidentReports.seq, seq)));
      if (!row) throw new AppError('not_found', '未找到该次报告。');
      return c.json(presentReport(row), 200);
    });
}
