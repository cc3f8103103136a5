// Emergency plans and drills (000 第三十一条 应急预案): a unit's staff and leaders record each approved
// version of the unit's plan, upload its document and record each drill; supervisors read their
// jurisdiction's and list the units with no plan or past their next drill date. Incident reporting,
// the other half of 第三十一条, is not here.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { emergencyDrills, emergencyPlans, evidenceFiles, units, type EmergencyPlan } from '../../db/schema.js';
import { EVIDENCE_LIMITS } from '../../domain/inspections.js';
import { chinaToday } from '../../domain/continuity.js';
import {
  EMERGENCY_DRILL_RESULTS,
  EmergencyDrillFields,
  EmergencyPlanFields,
  PLAN_DOCUMENT_TYPES,
  withEmergencyDrillRules,
  withPlanRules,
} from '../../domain/emergency-plans.js';
import { EvidenceFileSchema, readEvidenceUpload, storeEvidence } from '../evidence-upload.js';
import { assertUnitVisible, hasRole, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, Id, IdParam, IdText, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import {
  EmergencyDrillSchema,
  EmergencyPlanSchema,
  PlanGapSchema,
  presentEmergencyDrill,
  presentPlan,
  unitsWithoutCurrentPlan,
} from './records.js';

const CreatePlan = withPlanRules(
  EmergencyPlanFields.extend({ unitId: Id.optional().openapi({ description: '默认为本单位；只能是本单位' }) }),
).openapi('CreateEmergencyPlan');
// Extended here, after @hono/zod-openapi has added `.openapi` to zod (the domain schema predates it).
const CreateDrill = withEmergencyDrillRules(EmergencyDrillFields.extend({})).openapi('CreateEmergencyDrill');
const UnitQuery = Pagination.extend({ unitId: IdText.optional() });
const PlanWithDocuments = EmergencyPlanSchema.extend({
  documents: z.array(EvidenceFileSchema).openapi({ description: 'The plan document (and annexes), oldest first' }),
});

const listGaps = createRoute({
  method: 'get',
  path: '/emergency-plans/units-without-current-plan',
  tags: ['emergency-plans'],
  security: bearer,
  summary:
    'Units of your jurisdiction with no emergency plan, or past their next drill date (officials, inspectors, auditors)',
  request: { query: Pagination },
  responses: {
    200: {
      description: 'A page of units, with today (China time)',
      ...json(PageSchema(PlanGapSchema).extend({ today: z.string() })),
    },
    ...commonErrors,
  },
});
const listPlans = createRoute({
  method: 'get',
  path: '/emergency-plans',
  tags: ['emergency-plans'],
  security: bearer,
  summary: "Emergency plans of your unit, or your jurisdiction's (000 第三十一条), newest approval first",
  request: { query: UnitQuery },
  responses: { 200: { description: 'A page of plans', ...json(PageSchema(EmergencyPlanSchema)) }, ...commonErrors },
});
const createPlan = createRoute({
  method: 'post',
  path: '/emergency-plans',
  tags: ['emergency-plans'],
  security: bearer,
  summary: 'Record an approved version of your unit’s emergency plan; then upload its document (unit staff or leader)',
  request: { body: { required: true, ...json(CreatePlan) } },
  responses: { 201: { description: 'Recorded', ...json(EmergencyPlanSchema) }, ...commonErrors },
});
const getPlan = createRoute({
  method: 'get',
  path: '/emergency-plans/{id}',
  tags: ['emergency-plans'],
  security: bearer,
  summary: 'One emergency plan with its documents',
  request: { params: IdParam },
  responses: { 200: { description: 'Plan', ...json(PlanWithDocuments) }, ...commonErrors },
});
const uploadDocument = createRoute({
  method: 'post',
  path: '/emergency-plans/{id}/document',
  tags: ['emergency-plans'],
  security: bearer,
  summary:
    'Upload the plan document of a plan of your unit ' +
    `(multipart field "file"; at most ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MiB; PDF or DOCX)`,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) },
      },
    },
  },
  responses: {
    201: { description: 'Stored; download it at GET /evidence/{id}', ...json(EvidenceFileSchema) },
    413: { description: 'Too large', ...json(ErrorBody) },
    415: { description: 'Not a PDF or DOCX', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const listDrills = createRoute({
  method: 'get',
  path: '/emergency-drills',
  tags: ['emergency-plans'],
  security: bearer,
  summary: "Emergency drills of your unit, or your jurisdiction's, newest first",
  request: {
    query: UnitQuery.extend({ planId: IdText.optional(), result: z.enum(EMERGENCY_DRILL_RESULTS).optional() }),
  },
  responses: { 200: { description: 'A page of drills', ...json(PageSchema(EmergencyDrillSchema)) }, ...commonErrors },
});
const getDrill = createRoute({
  method: 'get',
  path: '/emergency-drills/{id}',
  tags: ['emergency-plans'],
  security: bearer,
  summary: 'One emergency drill',
  request: { params: IdParam },
  responses: { 200: { description: 'Drill', ...json(EmergencyDrillSchema) }, ...commonErrors },
});
const createDrill = createRoute({
  method: 'post',
  path: '/emergency-drills',
  tags: ['emergency-plans'],
  security: bearer,
  summary: 'Record a drill of a plan of your unit; one not fully successful needs a follow-up date',
  request: { body: { required: true, ...json(CreateDrill) } },
  responses: { 201: { description: 'Recorded', ...json(EmergencyDrillSchema) }, ...commonErrors },
});

/** Only the unit's own staff and leaders record its plans and drills; supervisors read them. */
function assertRecorder(user: CurrentUser, unitId: number): void {
  if (user.unitId !== unitId || !hasRole(user, 'unit_staff', 'unit_leader'))
    throw new AppError(
      'forbidden',
      '只有本单位的工作人员或负责人可以登记本单位的应急预案与演练；上级监管部门只能查阅。',
    );
}

const documentColumns = {
  id: evidenceFiles.id,
  filename: evidenceFiles.filename,
  contentType: evidenceFiles.contentType,
  sizeBytes: evidenceFiles.sizeBytes,
  sha256: evidenceFiles.sha256,
  createdAt: evidenceFiles.createdAt,
};

export function emergencyPlanRoutes({ db }: AppDeps) {
  async function visiblePlan(user: CurrentUser, id: number): Promise<EmergencyPlan> {
    const [row] = await db
      .select({ plan: emergencyPlans, path: units.path })
      .from(emergencyPlans)
      .innerJoin(units, eq(units.id, emergencyPlans.unitId))
      .where(eq(emergencyPlans.id, id));
    assertUnitVisible(user, row ? { id: row.plan.unitId, path: row.path } : undefined, '应急预案');
    return row!.plan;
  }

  // The fixed path is registered before `/emergency-plans/{id}`.
  return new OpenAPIHono<AppEnv>()
    .openapi(listGaps, async (c) => {
      const user = c.get('user');
      if (!hasRole(user, 'official', 'inspector', 'auditor'))
        throw new AppError(
          'forbidden',
          '只有监管部门的工作人员（official、inspector、auditor）可以查看没有现行应急预案或演练逾期的单位。',
        );
      const q = c.req.valid('query');
      const today = chinaToday();
      const { items, total } = await unitsWithoutCurrentPlan(db, user.unitPath, today, q);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'emergency_plan',
        outcome: 'success',
        detail: { withoutCurrentPlan: total, today },
      });
      return c.json({ items, total, page: q.page, pageSize: q.pageSize, today }, 200);
    })
    .openapi(listPlans, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleUnits(user, emergencyPlans.unitId),
        q.unitId ? eq(emergencyPlans.unitId, q.unitId) : undefined,
      );
      const result = await pageOf(db, emergencyPlans, where, q, (limit, offset) =>
        db
          .select()
          .from(emergencyPlans)
          .where(where)
          .orderBy(asc(emergencyPlans.unitId), desc(emergencyPlans.approvedOn), desc(emergencyPlans.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'emergency_plan',
        outcome: 'success',
        detail: { unitId: q.unitId, count: result.items.length },
      });
      return c.json({ ...result, items: result.items.map(presentPlan) }, 200);
    })
    .openapi(createPlan, async (c) => {
      const user = c.get('user');
      const { unitId: requested, ...plan } = c.req.valid('json');
      const unitId = requested ?? user.unitId;
      const [unit] = await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, unitId));
      assertUnitVisible(user, unit, '单位');
      assertRecorder(user, unitId);
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(emergencyPlans)
          .values({ ...plan, unitId, recordedByUserId: user.id })
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'emergency_plan',
          objectId: inserted!.id,
          outcome: 'success',
          detail: { unitId, version: plan.version, approvedOn: plan.approvedOn, nextDrillOn: plan.nextDrillOn },
        });
        return inserted!;
      });
      c.header('location', `/emergency-plans/${row.id}`);
      return c.json(presentPlan(row), 201);
    })
    .openapi(getPlan, async (c) => {
      const plan = await visiblePlan(c.get('user'), c.req.valid('param').id);
      const files = await db
        .select(documentColumns)
        .from(evidenceFiles)
        .where(eq(evidenceFiles.emergencyPlanId, plan.id))
        .orderBy(asc(evidenceFiles.createdAt));
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'emergency_plan',
        objectId: plan.id,
        outcome: 'success',
      });
      return c.json(
        { ...presentPlan(plan), documents: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })) },
        200,
      );
    })
    .openapi(uploadDocument, async (c) => {
      const user = c.get('user');
      const plan = await visiblePlan(user, c.req.valid('param').id);
      assertRecorder(user, plan.unitId);
      const file = await readEvidenceUpload(c);
      if (!(PLAN_DOCUMENT_TYPES as readonly string[]).includes(file.contentType))
        throw new AppError(
          'unsupported_media_type',
          `应急预案文本须为 PDF 或 DOCX 文件；此文件为 ${file.contentType}。附件材料请合并到预案文本中上传。`,
        );
      const stored = await storeEvidence(db, c, { owner: { emergencyPlanId: plan.id }, unitId: plan.unitId, file });
      c.header('location', `/evidence/${stored.id}`);
      return c.json(stored, 201);
    })
    .openapi(listDrills, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleUnits(user, emergencyDrills.unitId),
        q.unitId ? eq(emergencyDrills.unitId, q.unitId) : undefined,
        q.planId ? eq(emergencyDrills.planId, q.planId) : undefined,
        q.result ? eq(emergencyDrills.result, q.result) : undefined,
      );
      const result = await pageOf(db, emergencyDrills, where, q, (limit, offset) =>
        db
          .select()
          .from(emergencyDrills)
          .where(where)
          .orderBy(desc(emergencyDrills.drilledOn), desc(emergencyDrills.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'emergency_drill',
        outcome: 'success',
        detail: { unitId: q.unitId, planId: q.planId, count: result.items.length },
      });
      return c.json({ ...result, items: result.items.map(presentEmergencyDrill) }, 200);
    })
    .openapi(getDrill, async (c) => {
      const user = c.get('user');
      const [row] = await db
        .select({ drill: emergencyDrills, path: units.path })
        .from(emergencyDrills)
        .innerJoin(units, eq(units.id, emergencyDrills.unitId))
        .where(eq(emergencyDrills.id, c.req.valid('param').id));
      assertUnitVisible(user, row ? { id: row.drill.unitId, path: row.path } : undefined, '应急演练记录');
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'emergency_drill',
        objectId: row!.drill.id,
        outcome: 'success',
      });
      return c.json(presentEmergencyDrill(row!.drill), 200);
    })
    .openapi(createDrill, async (c) => {
      const user = c.get('user');
      const drill = c.req.valid('json');
      const plan = await visiblePlan(user, drill.planId);
      assertRecorder(user, plan.unitId);
      // A drill exercises an approved plan: it cannot come before the approval.
      if (drill.drilledOn < plan.approvedOn)
        throw new AppError('validation_failed', '演练日期不能早于该预案的批准日期。', {
          fields: [{ field: 'drilledOn', message: `不能早于预案批准日期 ${plan.approvedOn}` }],
        });
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(emergencyDrills)
          .values({ ...drill, unitId: plan.unitId, recordedByUserId: user.id })
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'emergency_drill',
          objectId: inserted!.id,
          outcome: 'success',
          detail: {
            unitId: plan.unitId,
            planId: plan.id,
            drilledOn: drill.drilledOn,
            result: drill.result,
            nextDrillOn: drill.nextDrillOn,
            followUpOn: drill.followUpOn,
          },
        });
        return inserted!;
      });
      c.header('location', `/emergency-drills/${row.id}`);
      return c.json(presentEmergencyDrill(row), 201);
    });
}
