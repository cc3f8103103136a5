// Backups and restore drills (000 第十四条, 第十五条; 001 第九条): a unit's staff and leaders record
// the unit's backup arrangements and each restore drill; supervisors read their jurisdiction's and
// list the units with no drill in the policy period (deadline policy `continuity.restore_drill`).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { backups, evidenceFiles, restoreDrills, units, type RestoreDrill } from '../../db/schema.js';
import { EVIDENCE_LIMITS } from '../../domain/inspections.js';
import { EvidenceFileSchema, readEvidenceUpload, storeEvidence } from '../evidence-upload.js';
import { BackupForm, DRILL_RESULTS, RestoreDrillFields, withDrillRules } from '../../domain/continuity.js';
import { UNIT_KINDS } from '../../domain/identity.js';
import { assertUnitVisible, hasRole, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, Id, IdParam, IdText, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import {
  BackupSchema,
  DrillPeriodSchema,
  drillPeriod,
  presentBackup,
  presentDrill,
  RestoreDrillSchema,
} from './records.js';

const ForUnit = { unitId: Id.optional().openapi({ description: '默认为本单位' }) };
const CreateBackup = BackupForm.extend(ForUnit).openapi('CreateBackup');
const CreateDrill = withDrillRules(RestoreDrillFields.extend(ForUnit)).openapi('CreateRestoreDrill');
const UnitQuery = Pagination.extend({ unitId: IdText.optional() });

const listBackups = createRoute({
  method: 'get',
  path: '/backups',
  tags: ['continuity'],
  security: bearer,
  summary: "Backups recorded by your unit, or your jurisdiction's (000 第十四条)",
  request: { query: UnitQuery },
  responses: { 200: { description: 'A page of backups', ...json(PageSchema(BackupSchema)) }, ...commonErrors },
});
const createBackup = createRoute({
  method: 'post',
  path: '/backups',
  tags: ['continuity'],
  security: bearer,
  summary: 'Record a backup arrangement of your unit: scope, frequency, off-site copy (unit staff or leader)',
  request: { body: { required: true, ...json(CreateBackup) } },
  responses: { 201: { description: 'Recorded', ...json(BackupSchema) }, ...commonErrors },
});
const listDrills = createRoute({
  method: 'get',
  path: '/restore-drills',
  tags: ['continuity'],
  security: bearer,
  summary: "Restore drills of your unit, or your jurisdiction's (000 第十五条, 001 第九条)",
  request: { query: UnitQuery.extend({ result: z.enum(DRILL_RESULTS).optional() }) },
  responses: { 200: { description: 'A page of drills', ...json(PageSchema(RestoreDrillSchema)) }, ...commonErrors },
});
const DrillEvidence = EvidenceFileSchema;
const getDrill = createRoute({
  method: 'get',
  path: '/restore-drills/{id}',
  tags: ['continuity'],
  security: bearer,
  summary: 'One restore drill with its evidence files',
  request: { params: IdParam },
  responses: {
    200: { description: 'Drill', ...json(RestoreDrillSchema.extend({ evidenceFiles: z.array(DrillEvidence) })) },
    ...commonErrors,
  },
});
const uploadDrillEvidence = createRoute({
  method: 'post',
  path: '/restore-drills/{id}/evidence',
  tags: ['continuity'],
  security: bearer,
  summary:
    'Attach an evidence file to a drill of your unit ' +
    `(multipart field "file"; at most ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MiB; PDF, PNG, JPEG, DOCX, XLSX or text)`,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) },
      },
    },
  },
  responses: { 201: { description: 'Stored', ...json(DrillEvidence) }, ...commonErrors },
});
const createDrill = createRoute({
  method: 'post',
  path: '/restore-drills',
  tags: ['continuity'],
  security: bearer,
  summary: 'Record a restore drill of your unit; one not fully successful needs a follow-up date',
  request: { body: { required: true, ...json(CreateDrill) } },
  responses: { 201: { description: 'Recorded', ...json(RestoreDrillSchema) }, ...commonErrors },
});
const UndrilledUnit = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    kind: z.enum(UNIT_KINDS),
    lastDrilledOn: z.string().nullable().openapi({ description: 'The latest drill before the period; null: none' }),
  })
  .openapi('UnitWithoutRestoreDrill');
const undrilled = createRoute({
  method: 'get',
  path: '/restore-drills/units-without-drill',
  tags: ['continuity'],
  security: bearer,
  summary: 'Units of your jurisdiction with no restore drill in the policy period (officials, inspectors)',
  request: { query: Pagination },
  responses: {
    200: {
      description: 'A page of units, with the period used',
      ...json(PageSchema(UndrilledUnit).extend({ period: DrillPeriodSchema })),
    },
    ...commonErrors,
  },
});

/** Only the unit's own staff and leaders record its backups and drills; supervisors read them. */
function assertRecorder(user: CurrentUser, unitId: number): void {
  if (user.unitId !== unitId || !hasRole(user, 'unit_staff', 'unit_leader'))
    throw new AppError(
      'forbidden',
      '只有本单位的工作人员或负责人可以登记本单位的备份与恢复演练；上级监管部门只能查阅。',
    );
}

export function continuityRoutes({ db }: AppDeps) {
  async function recordingUnit(user: CurrentUser, unitId: number): Promise<number> {
    const [unit] = await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, unitId));
    assertUnitVisible(user, unit, '单位');
    assertRecorder(user, unitId);
    return unitId;
  }

  async function visibleDrill(user: CurrentUser, id: number): Promise<RestoreDrill> {
    const [row] = await db
      .select({ drill: restoreDrills, path: units.path })
      .from(restoreDrills)
      .innerJoin(units, eq(units.id, restoreDrills.unitId))
      .where(eq(restoreDrills.id, id));
    assertUnitVisible(user, row ? { id: row.drill.unitId, path: row.path } : undefined, '恢复演练记录');
    return row!.drill;
  }
  const evidenceColumns = {
    id: evidenceFiles.id,
    filename: evidenceFiles.filename,
    contentType: evidenceFiles.contentType,
    sizeBytes: evidenceFiles.sizeBytes,
    sha256: evidenceFiles.sha256,
    createdAt: evidenceFiles.createdAt,
  };

  // The fixed path is registered before `/restore-drills/{id}`.
  return new OpenAPIHono<AppEnv>()
    .openapi(undrilled, async (c) => {
      const user = c.get('user');
      if (!hasRole(user, 'official', 'inspector'))
        throw new AppError('forbidden', '只有监管部门的工作人员（official、inspector）可以查看未开展恢复演练的单位。');
      const q = c.req.valid('query');
      const period = await drillPeriod(db, new Date());
      // Responsible units (not the commissions that supervise them) in the caller's jurisdiction
      // with no drill dated within the period: 000 第十五条, 001 第九条 定期恢复检测.
      const where = and(
        sql`${units.path} like ${`${user.unitPath}%`}`,
        ne(units.kind, 'commission'),
        // Written out with the table names: drizzle leaves columns unqualified in a one-table select.
        sql`not exists (select 1 from restore_drills d where d.unit_id = units.id and d.drilled_on >= ${period.since})`,
      );
      const result = await pageOf(db, units, where, q, (limit, offset) =>
        db
          .select({
            unitId: units.id,
            unitName: units.name,
            kind: units.kind,
            lastDrilledOn: sql<
              string | null
            >`(select max(d.drilled_on)::text from restore_drills d where d.unit_id = units.id)`,
          })
          .from(units)
          .where(where)
          .orderBy(asc(units.path), asc(units.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'restore_drill',
        outcome: 'success',
        detail: { withoutDrill: result.total, since: period.since },
      });
      return c.json({ ...result, period }, 200);
    })
    .openapi(listBackups, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(visibleUnits(user, backups.unitId), q.unitId ? eq(backups.unitId, q.unitId) : undefined);
      const result = await pageOf(db, backups, where, q, (limit, offset) =>
        db
          .select()
          .from(backups)
          .where(where)
          .orderBy(asc(backups.unitId), desc(backups.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'backup',
        outcome: 'success',
        detail: { unitId: q.unitId, count: result.items.length },
      });
      return c.json({ ...result, items: result.items.map(presentBackup) }, 200);
    })
    .openapi(createBackup, async (c) => {
      const user = c.get('user');
      const { unitId: requested, offSiteLocation, ...facts } = c.req.valid('json');
      const unitId = await recordingUnit(user, requested ?? user.unitId);
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(backups)
          .values({
            ...facts,
            unitId,
            offSiteCountry: offSiteLocation?.country ?? null,
            offSiteRegion: offSiteLocation?.region ?? null,
            recordedByUserId: user.id,
          })
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'backup',
          objectId: inserted!.id,
          outcome: 'success',
          detail: { unitId, frequency: facts.frequency, offSite: Boolean(offSiteLocation) },
        });
        return inserted!;
      });
      return c.json(presentBackup(row), 201);
    })
    .openapi(listDrills, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleUnits(user, restoreDrills.unitId),
        q.unitId ? eq(restoreDrills.unitId, q.unitId) : undefined,
        q.result ? eq(restoreDrills.result, q.result) : undefined,
      );
      const result = await pageOf(db, restoreDrills, where, q, (limit, offset) =>
        db
          .select()
          .from(restoreDrills)
          .where(where)
          .orderBy(desc(restoreDrills.drilledOn), desc(restoreDrills.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'restore_drill',
        outcome: 'success',
        detail: { unitId: q.unitId, count: result.items.length },
      });
      return c.json({ ...result, items: result.items.map(presentDrill) }, 200);
    })
    .openapi(getDrill, async (c) => {
      const drill = await visibleDrill(c.get('user'), c.req.valid('param').id);
      const files = await db
        .select(evidenceColumns)
        .from(evidenceFiles)
        .where(eq(evidenceFiles.restoreDrillId, drill.id))
        .orderBy(asc(evidenceFiles.createdAt));
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'restore_drill',
        objectId: drill.id,
        outcome: 'success',
      });
      return c.json(
        { ...presentDrill(drill), evidenceFiles: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })) },
        200,
      );
    })
    .openapi(uploadDrillEvidence, async (c) => {
      const user = c.get('user');
      const drill = await visibleDrill(user, c.req.valid('param').id);
      assertRecorder(user, drill.unitId);
      const stored = await storeEvidence(db, c, {
        owner: { restoreDrillId: drill.id },
        unitId: drill.unitId,
        file: await readEvidenceUpload(c),
      });
      c.header('location', `/evidence/${stored.id}`);
      return c.json(stored, 201);
    })
    .openapi(createDrill, async (c) => {
      const user = c.get('user');
      const { unitId: requested, ...drill } = c.req.valid('json');
      const unitId = await recordingUnit(user, requested ?? user.unitId);
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(restoreDrills)
          .values({ ...drill, unitId, recordedByUserId: user.id })
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'restore_drill',
          objectId: inserted!.id,
          outcome: 'success',
          detail: { unitId, drilledOn: drill.drilledOn, result: drill.result, followUpOn: drill.followUpOn },
        });
        return inserted!;
      });
      c.header('location', `/restore-drills/${row.id}`);
      return c.json(presentDrill(row), 201);
    });
}
