// Accountability cases (责任追究; 000 第三十五条, 001 第二十二条, 003 第三十六条): opened by hand by a
// supervisor (or automatically, db/accountability-cases.ts), run by workflows/accountability-case.ts.
// The party sees only its own cases and states its case; only a commission leader of the supervising
// commission decides; supervisors and auditors read their jurisdiction's; anything else is a 404.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { openCase, repeatOffencesOf } from '../../db/accountability-cases.js';
import {
  accountabilityCaseEvents,
  accountabilityCases,
  documents,
  evidenceFiles,
  tasks,
  units,
} from '../../db/schema.js';
import {
  CASE_SOURCES,
  CASE_STAGES,
  DECISIONS,
  SUMMARY_DOCUMENT_KIND,
  type SummaryDocumentData,
} from '../../domain/accountability.js';
import { DecisionForm, OpenCaseForm, StatementForm } from '../../domain/accountability-forms.js';
import { canSeeUnit, hasRole, isSupervisory, requireRole } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import {
  bearer,
  commonErrors,
  ErrorBody,
  IdParam,
  IdText,
  json,
  PageSchema,
  Pagination,
  validationMessage,
} from '../schemas.js';
import { TASK_INPUT_CHECKS } from '../task-input-checks.js';
import { pageOf } from '../paging.js';
import { claimedRefusal } from '../tasks/claim-conflict.js';
import { idempotentId } from '../idempotency.js';
import { executeUpdate } from '../workflow-updates.js';
import { issueInWorker } from '../issue-in-worker.js';
import { CASE_TASK_KEYS, decideCaseUpdate, stateCaseUpdate } from '../../workflows/accountability-case.js';
import {
  CaseDetailSchema,
  CaseSchema,
  decisionName,
  presentCase,
  presentEvent,
  SOURCE_NAMES,
  SummarySchema,
} from './views.js';

const CaseQuery = Pagination.extend({
  stage: z.enum(CASE_STAGES).optional(),
  measure: z.enum(DECISIONS).optional().openapi({ description: '决定的措施（含 no_action 不予追究）' }),
  unitId: IdText.optional(),
  source: z.enum(CASE_SOURCES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional().openapi({ description: '立案年度' }),
});
const SummaryQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  format: z.enum(['json', 'pdf']).default('json').openapi({ description: 'pdf：出具编号的年度汇总文书' }),
});
const OpenCase = OpenCaseForm.extend({}).openapi('OpenAccountabilityCase');
const Statement = StatementForm;
const Decision = DecisionForm;
const Issued = z.object({ documentId: z.string(), number: z.string() }).openapi('IssuedSummary');

const tags = ['accountability-cases'];
const list = createRoute({
  method: 'get',
  path: '/accountability-cases',
  tags,
  security: bearer,
  summary:
    'Accountability cases: your unit’s own, or your jurisdiction’s (filters: stage, measure, unit, source, year)',
  request: { query: CaseQuery },
  responses: { 200: { description: 'A page of cases', ...json(PageSchema(CaseSchema)) }, ...commonErrors },
});
const create = createRoute({
  method: 'post',
  path: '/accountability-cases',
  tags,
  security: bearer,
  summary:
    'Open a case by hand (official of a commission above the unit): facts, evidence, the responsible person if ' +
    'known; send Idempotency-Key to make a retry safe',
  request: { body: { required: true, ...json(OpenCase) } },
  responses: { 201: { description: 'Opened; Location names it', ...json(CaseSchema) }, ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/accountability-cases/{id}',
  tags,
  security: bearer,
  summary: 'A case with its timeline, the unit’s repeat offences of the year before, its documents and open tasks',
  request: { params: IdParam },
  responses: { 200: { description: 'Case', ...json(CaseDetailSchema) }, ...commonErrors },
});
const summary = createRoute({
  method: 'get',
  path: '/accountability-cases/summary',
  tags,
  security: bearer,
  summary: 'The year’s cases of your jurisdiction by measure, source and unit; format=pdf issues it as a document',
  request: { query: SummaryQuery },
  responses: {
    200: { description: 'The summary, or the issued document (format=pdf)', ...json(z.union([SummarySchema, Issued])) },
    503: {
      description:
        'format=pdf: Temporal or the worker’s printing unavailable; retry (the same figures keep their number)',
      ...json(ErrorBody),
    },
    ...commonErrors,
  },
});
const statement = createRoute({
  method: 'post',
  path: '/accountability-cases/{id}/statement',
  tags,
  security: bearer,
  summary: '陈述申辩 (the unit’s staff or leader), or waive it (waived: true), within the statement window',
  request: { params: IdParam, body: { required: true, ...json(Statement) } },
  responses: { 200: { description: 'Recorded', ...json(CaseSchema) }, ...commonErrors },
});
const decide = createRoute({
  method: 'post',
  path: '/accountability-cases/{id}/decision',
  tags,
  security: bearer,
  summary:
    'Decide (commission leader of the supervising commission): the proposed measure, a lighter or heavier one, or ' +
    'no_action, with reasons',
  request: { params: IdParam, body: { required: true, ...json(Decision) } },
  responses: { 200: { description: 'Decided', ...json(CaseSchema) }, ...commonErrors },
});

/** Supervisors, auditors and commission leaders read their subtree's cases; everyone else their own unit's. */
function visibleCases(user: CurrentUser): SQL {
  if (!isSupervisory(user) && !hasRole(user, 'commission_leader'))
    return sql`${accountabilityCases.unitId} = ${user.unitId}`;
  return sql`${accountabilityCases.unitId} in (select ${units.id} from ${units} where ${units.path} like ${`${user.unitPath}%`})`;
}

/** A year's bounds in China time (UTC+8). */
const yearBounds = (year: number) => [
  new Date(`${year}-01-01T00:00:00+08:00`),
  new Date(`${year + 1}-01-01T00:00:00+08:00`),
];

export function accountabilityCaseRoutes(deps: AppDeps) {
  const { db, temporal, env, processStarter } = deps;

  async function visibleCase(user: CurrentUser, id: number) {
    const [row] = await db
      .select({ kase: accountabilityCases, unitName: units.name })
      .from(accountabilityCases)
      .innerJoin(units, eq(units.id, accountabilityCases.unitId))
      .where(and(eq(accountabilityCases.id, id), visibleCases(user)));
    if (!row) throw new AppError('not_found', '未找到该责任追究案件。');
    return row;
  }

  /**
   * The open task of `key` on the case's workflow; 409 when the case is not at that step, and 409
   * `task_claimed` when a colleague holds it: these routes complete the task too, so they honour a
   * claim as POST /tasks/{id}/complete does (else a second leader could decide over the holder's head).
   */
  async function openTask(user: CurrentUser, workflowId: string, key: string, what: string) {
    const [task] = await db
      .select()
      .from(tasks)
      .where(and(eq(tasks.workflowId, workflowId), eq(tasks.taskKey, key), eq(tasks.status, 'open')));
    if (!task) throw new AppError('conflict', `该案件当前不在${what}阶段。`);
    if (task.claimedByUserId && task.claimedByUserId !== user.id) throw await claimedRefusal(db, task.claimedByUserId);
    return task;
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const [from, to] = q.year ? yearBounds(q.year) : [];
      const where = and(
        visibleCases(user),
        q.stage ? eq(accountabilityCases.stage, q.stage) : undefined,
        q.measure ? eq(accountabilityCases.decision, q.measure) : undefined,
        q.unitId ? eq(accountabilityCases.unitId, q.unitId) : undefined,
        q.source ? eq(accountabilityCases.sourceType, q.source) : undefined,
        from ? gte(accountabilityCases.createdAt, from) : undefined,
        to ? lt(accountabilityCases.createdAt, to) : undefined,
      );
      const page = await pageOf(db, accountabilityCases, where, q, (limit, offset) =>
        db
          .select({ kase: accountabilityCases, unitName: units.name })
          .from(accountabilityCases)
          .innerJoin(units, eq(units.id, accountabilityCases.unitId))
          .where(where)
          .orderBy(desc(accountabilityCases.createdAt), desc(accountabilityCases.id))
          .limit(limit)
          .offset(offset),
      );
      return c.json({ ...page, items: page.items.map((r) => presentCase(r.kase, r.unitName)) }, 200);
    })
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const [unit] = await db.select().from(units).where(eq(units.id, body.unitId));
      if (!unit || !canSeeUnit(user, unit)) throw new AppError('not_found', '未找到该单位。');
      // 000 第三十五条: the superior authority pursues; a commission does not open a case on itself.
      requireRole(user, ['official'], '对辖区单位立案追究责任');
      if (unit.id === user.unitId)
        throw new AppError('validation_failed', '只能对本委辖区内的下级单位立案。', {
          fields: [{ field: 'unitId', message: '须为本委辖区内的下级单位' }],
        });
      const cited = [...new Set(body.evidenceIds ?? [])];
      if (cited.length) {
        const found = await db
          .select({ id: evidenceFiles.id })
          .from(evidenceFiles)
          .where(and(inArray(evidenceFiles.id, cited), eq(evidenceFiles.unitId, unit.id)));
        const missing = cited.filter((e) => !found.some((f) => f.id === e));
        if (missing.length)
          throw new AppError('validation_failed', `不是该单位已上传的证据：${missing.join('、')}`, {
            fields: [{ field: 'evidenceIds', message: `不是该单位已上传的证据：${missing.join('、')}` }],
          });
      }
      const sourceId = idempotentId(c, 'case');
      const opened = await db.transaction((tx) =>
        openCase(tx, {
          unitId: unit.id,
          source: 'manual',
          sourceId,
          reason: body.facts[0]!,
          supervisingUnitId: user.unitId,
          facts: body.facts,
          evidenceIds: cited,
          responsiblePerson: body.responsiblePerson,
          openedBy: auditActor(user),
          requestId: c.get('requestId'),
          sourceIp: c.get('sourceIp'),
          taskQueue: env.TEMPORAL_TASK_QUEUE,
        }),
      );
      const [row] = await db
        .select()
        .from(accountabilityCases)
        .where(and(eq(accountabilityCases.sourceType, 'manual'), eq(accountabilityCases.sourceId, sourceId)));
      if (opened !== undefined) processStarter!.kick(row!.workflowId!);
      c.header('location', `/accountability-cases/${row!.id}`);
      return c.json(presentCase(row!, unit.name), 201);
    })
    .openapi(summary, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const data = await yearSummary(db, user, q.year);
      if (q.format === 'json') return c.json(data, 200);
      requireRole(user, ['official', 'commission_leader'], '出具责任追究年度汇总');
      // Printed by the worker (api/issue-in-worker.ts); the same figures again are the same document.
      const issued = await issueInWorker(deps, {
        kind: SUMMARY_DOCUMENT_KIND,
        code: '责',
        issuingUnitId: user.unitId,
        title: `${q.year}年度责任追究情况汇总`,
        data: data as unknown as Record<string, unknown>,
        actor: auditActor(user),
      });
      c.header('location', `/documents/${issued.documentId}`);
      return c.json({ documentId: issued.documentId, number: issued.number }, 200);
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const { kase, unitName } = await visibleCase(user, c.req.valid('param').id);
      const workflows = [kase.workflowId ?? '', ...(kase.circularId ? [kase.circularId] : [])];
      const [events, repeat, docs, open] = await Promise.all([
        db
          .select()
          .from(accountabilityCaseEvents)
          .where(eq(accountabilityCaseEvents.caseId, kase.id))
          .orderBy(asc(accountabilityCaseEvents.at), asc(accountabilityCaseEvents.id)),
        repeatOffencesOf(db, kase),
        db
          .select({
            id: documents.id,
            number: documents.number,
            title: documents.title,
            createdAt: documents.createdAt,
          })
          .from(documents)
          .where(inArray(documents.workflowId, workflows))
          .orderBy(asc(documents.createdAt)),
        db
          .select()
          .from(tasks)
          .where(and(inArray(tasks.workflowId, workflows), eq(tasks.status, 'open')))
          .orderBy(asc(tasks.createdAt)),
      ]);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'accountability_case',
        objectId: String(kase.id),
        outcome: 'success',
      });
      return c.json(
        {
          ...presentCase(kase, unitName),
          timeline: events.map(presentEvent),
          repeatOffences: { count: repeat.length, cases: repeat },
          documents: docs.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
          openTasks: open.map((t) => ({
            id: t.id,
            type: t.type,
            title: t.title,
            assigneeUnitId: t.assigneeUnitId,
            dueAt: t.dueAt.toISOString(),
          })),
        },
        200,
      );
    })
    .openapi(statement, async (c) => {
      const user = c.get('user');
      const { kase, unitName } = await visibleCase(user, c.req.valid('param').id);
      // 陈述申辩 is the party's right: its own staff or leader, nobody on its behalf.
      if (kase.unitId !== user.unitId || !hasRole(user, 'unit_staff', 'unit_leader'))
        throw new AppError('forbidden', '仅被追究单位的工作人员（unit_staff）或负责人（unit_leader）可以陈述申辩。');
      const task = await openTask(user, kase.workflowId!, CASE_TASK_KEYS.statement, '陈述申辩');
      const problems = await TASK_INPUT_CHECKS.accountability_statement!(db, task, c.req.valid('json'));
      if (problems.length) throw new AppError('validation_failed', validationMessage(problems), { fields: problems });
      await executeUpdate(
        temporal,
        kase.workflowId!,
        stateCaseUpdate.name,
        {
          taskId: task.id,
          taskKey: task.taskKey,
          input: c.req.valid('json'),
          actor: auditActor(user),
          requestId: c.get('requestId'),
          sourceIp: c.get('sourceIp'),
        },
        processStarter,
      );
      const [row] = await db.select().from(accountabilityCases).where(eq(accountabilityCases.id, kase.id));
      return c.json(presentCase(row!, unitName), 200);
    })
    .openapi(decide, async (c) => {
      const user = c.get('user');
      const { kase, unitName } = await visibleCase(user, c.req.valid('param').id);
      // 000 第三十五条: the superior authority decides; in Duban its leader (委领导), not the staff.
      requireRole(user, ['commission_leader'], '作出责任追究决定');
      if (kase.supervisingUnitId !== user.unitId)
        throw new AppError('forbidden', '仅负责该案件的主管部门负责人可以作出决定。');
      const task = await openTask(user, kase.workflowId!, CASE_TASK_KEYS.decision, '待决定');
      await executeUpdate(
        temporal,
        kase.workflowId!,
        decideCaseUpdate.name,
        {
          taskId: task.id,
          taskKey: task.taskKey,
          input: c.req.valid('json'),
          actor: auditActor(user),
          requestId: c.get('requestId'),
          sourceIp: c.get('sourceIp'),
        },
        processStarter,
      );
      const [row] = await db.select().from(accountabilityCases).where(eq(accountabilityCases.id, kase.id));
      return c.json(presentCase(row!, unitName), 200);
    });
}

/** The year's cases of the caller's jurisdiction, counted by measure, source and unit (SummaryDocumentData). */
async function yearSummary(db: AppDeps['db'], user: CurrentUser, year: number): Promise<SummaryDocumentData> {
  const [from, to] = yearBounds(year);
  const rows = await db
    .select({ decision: accountabilityCases.decision, source: accountabilityCases.sourceType, unitName: units.name })
    .from(accountabilityCases)
    .innerJoin(units, eq(units.id, accountabilityCases.unitId))
    .where(and(visibleCases(user), gte(accountabilityCases.createdAt, from!), lt(accountabilityCases.createdAt, to!)))
    .orderBy(asc(units.name));
  const [own] = await db.select({ name: units.name }).from(units).where(eq(units.id, user.unitId));
  const count = <K extends string>(keys: K[]) => {
    const m = new Map<K, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()];
  };
  const byUnit = new Map<string, string[]>();
  for (const r of rows)
    byUnit.set(r.unitName, [...(byUnit.get(r.unitName) ?? []), decisionName(r.decision) ?? '未决定']);
  return {
    year,
    jurisdiction: own?.name ?? '',
    areaName: own?.name.replace(/卫生健康委员会$/, '') || undefined,
    total: rows.length,
    byMeasure: count(rows.map((r) => decisionName(r.decision) ?? '未决定')).map(([measure, n]) => ({
      measure,
      count: n,
    })),
    bySource: count(rows.map((r) => SOURCE_NAMES[r.source] ?? r.source)).map(([source, n]) => ({ source, count: n })),
    byUnit: [...byUnit.entries()].map(([unitName, ds]) => ({
      unitName,
      cases: ds.length,
      measures: count(ds)
        .map(([d, n]) => `${d} ${n}`)
        .join('、'),
    })),
  };
}
