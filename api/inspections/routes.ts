// One unit's inspection: its checklist with answers, findings and their rectification, its evidence
// files' metadata (the files are api/evidence) and the 整改通知书. The unit sees its own;
// supervisors see their jurisdiction's; nobody else (004 8.2.1 用户隔离).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import type { Db } from '../../db/client.js';
import { appendAudit } from '../../db/audit.js';
import {
  checklistTemplates,
  documents,
  evidenceFiles,
  inspectionPlans,
  inspectionFindings,
  inspections,
  units,
  type Inspection,
} from '../../db/schema.js';
import { INSPECTION_STATUSES, INSPECTION_STEPS, overdueDays } from '../../domain/inspections.js';
import { assertUnitVisible, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, json, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { recordsCitedBy, unitRecords, UnitRecordsSchema, type UnitRecords } from '../continuity/records.js';

export const InspectionId = z.object({ id: z.string().min(10).max(300) });
import { EvidenceFileSchema as Evidence } from '../evidence-upload.js';
const InspectionSummary = z
  .object({
    id: z.string(),
    runId: z.string(),
    planId: z.string(),
    unitId: z.number(),
    unitName: z.string(),
    planTitle: z.string(),
    status: z.enum(INSPECTION_STATUSES),
    overdue: z.boolean(),
    overdueStep: z
      .enum(INSPECTION_STEPS)
      .nullable()
      .openapi({ description: 'The step whose deadline passed last while its task was open' }),
    overdueDueAt: z.string().nullable(),
    overdueResolvedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the late step was done; null while it is still open' }),
    overdueDays: z
      .number()
      .nullable()
      .openapi({ description: 'Whole days past that deadline, to its late completion or to now' }),
    rectificationDueAt: z.string().nullable(),
    noticeDocumentId: z.string().nullable(),
    noticeNumber: z.string().nullable().openapi({ description: 'The 整改通知书’s number, e.g. 豫卫整〔2026〕1号' }),
    closedAt: z.string().nullable(),
  })
  .openapi('InspectionSummary');
const InspectionDetail = InspectionSummary.extend({
  checklist: z.array(
    z.object({
      key: z.string(),
      text: z.string(),
      article: z.string(),
      guidance: z.string(),
      evidenceRequired: z.boolean(),
      selfCheck: z.unknown(),
      review: z.unknown(),
      unitRecords: UnitRecordsSchema.optional().openapi({
        description:
          'For items citing 000 第十四条、第十五条、第十八条、第三十一条: the unit’s own records as evidence',
      }),
    }),
  ),
  selfCheckedByName: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  findings: z.array(
    z.object({
      id: z.number(),
      itemKey: z.string(),
      severity: z.string(),
      article: z.string(),
      description: z.string(),
      requirement: z.string(),
      status: z.string(),
      report: z.unknown(),
      rejections: z.unknown(),
      acceptedAt: z.string().nullable(),
    }),
  ),
  evidence: z.array(Evidence),
}).openapi('Inspection');
const ListQuery = Pagination.extend({
  runId: z.string().max(300).optional(),
  status: z.enum(INSPECTION_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

const list = createRoute({
  method: 'get',
  path: '/inspections',
  tags: ['inspections'],
  security: bearer,
  summary: "Your unit's inspections, or your jurisdiction's",
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'A page',
      ...json(
        z.object({ items: z.array(InspectionSummary), total: z.number(), page: z.number(), pageSize: z.number() }),
      ),
    },
    ...commonErrors,
  },
});
const get = createRoute({
  method: 'get',
  path: '/inspections/{id}',
  tags: ['inspections'],
  security: bearer,
  summary: 'Checklist with answers, findings, evidence, notice',
  request: { params: InspectionId },
  responses: { 200: { description: 'Inspection', ...json(InspectionDetail) }, ...commonErrors },
});

/** Inspection `id` with its unit's name, or a 404 when the caller's jurisdiction does not reach it. */
export async function visibleInspectionOf(db: Db, user: CurrentUser, id: string): Promise<Inspection & Named> {
  const [row] = await db
    .select({ ...namedInspection, path: units.path })
    .from(inspections)
    .innerJoin(units, eq(units.id, inspections.unitId))
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspections.planId))
    .leftJoin(documents, eq(documents.id, inspections.noticeDocumentId))
    .where(eq(inspections.id, id));
  assertUnitVisible(user, row ? { id: row.inspection.unitId, path: row.path } : undefined, '检查记录');
  return named(row!);
}

/** An inspection with the names people read it by: its unit, its plan, its notice's number. */
type Named = { unitName: string; planTitle: string; noticeNumber: string | null };
const namedInspection = {
  inspection: inspections,
  unitName: units.name,
  planTitle: inspectionPlans.title,
  noticeNumber: documents.number,
};
const named = (r: { inspection: Inspection } & Named): Inspection & Named => ({
  ...r.inspection,
  unitName: r.unitName,
  planTitle: r.planTitle,
  noticeNumber: r.noticeNumber,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** `{ unitRecords }` with the records an item citing `article` shows; nothing for other items. */
const citedRecords = (article: string, records: UnitRecords) => {
  const cited = recordsCitedBy(article);
  return cited.length ? { unitRecords: Object.fromEntries(cited.map((k) => [k, records[k]])) } : {};
};

export function inspectionRoutes({ db }: AppDeps) {
  const visibleInspection = (user: CurrentUser, id: string) => visibleInspectionOf(db, user, id);
  const summary = (i: Inspection & Named) => ({
    id: i.id,
    runId: i.runId,
    planId: i.planId,
    unitId: i.unitId,
    unitName: i.unitName,
    planTitle: i.planTitle,
    status: i.status,
    overdue: i.overdue,
    overdueStep: i.overdueStep,
    overdueDueAt: iso(i.overdueDueAt),
    overdueResolvedAt: iso(i.overdueResolvedAt),
    overdueDays: overdueDays(i.overdueDueAt, i.overdueResolvedAt, new Date()),
    rectificationDueAt: iso(i.rectificationDueAt),
    noticeDocumentId: i.noticeDocumentId,
    noticeNumber: i.noticeNumber,
    closedAt: iso(i.closedAt),
  });

  const router = new OpenAPIHono<AppEnv>();
  // The upload's size limit (file plus form overhead) and multipart-only rule are at the edge (api/app.ts), before sign-in.
  return router
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleUnits(user, inspections.unitId),
        q.runId ? eq(inspections.runId, q.runId) : undefined,
        q.status ? eq(inspections.status, q.status) : undefined,
        q.overdue ? eq(inspections.overdue, q.overdue === 'true') : undefined,
      );
      const page = await pageOf(db, inspections, where, q, (limit, offset) =>
        db
          .select(namedInspection)
          .from(inspections)
          .innerJoin(units, eq(units.id, inspections.unitId))
          .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspections.planId))
          .leftJoin(documents, eq(documents.id, inspections.noticeDocumentId))
          .where(where)
          .orderBy(desc(inspections.createdAt))
          .limit(limit)
          .offset(offset),
      );
      return c.json({ ...page, items: page.items.map((r) => summary(named(r))) }, 200);
    })
    .openapi(get, async (c) => {
      const i = await visibleInspection(c.get('user'), c.req.valid('param').id);
      const [[template], findings, evidence] = await Promise.all([
        db
          .select({ items: checklistTemplates.items })
          .from(checklistTemplates)
          .where(eq(checklistTemplates.id, i.templateId)),
        db
          .select()
          .from(inspectionFindings)
          .where(eq(inspectionFindings.inspectionId, i.id))
          .orderBy(asc(inspectionFindings.id)),
        db
          .select({
            id: evidenceFiles.id,
            filename: evidenceFiles.filename,
            contentType: evidenceFiles.contentType,
            sizeBytes: evidenceFiles.sizeBytes,
            sha256: evidenceFiles.sha256,
            createdAt: evidenceFiles.createdAt,
          })
          .from(evidenceFiles)
          .where(eq(evidenceFiles.inspectionId, i.id))
          .orderBy(asc(evidenceFiles.createdAt)),
      ]);
      // 000 第十四条、第十五条、第十八条: the unit's register, backups and restore drills, beside the items citing them.
      const records = await unitRecords(
        db,
        i.unitId,
        template!.items.map((item) => item.article),
        new Date(),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'inspection',
        objectId: i.id,
        outcome: 'success',
      });
      return c.json(
        {
          ...summary(i),
          selfCheckedByName: i.selfCheckedByName,
          reviewedByName: i.reviewedByName,
          checklist: template!.items.map((item) => ({
            ...item,
            selfCheck: i.selfCheck?.find((a) => a.itemKey === item.key) ?? null,
            review: i.review?.find((a) => a.itemKey === item.key) ?? null,
            ...citedRecords(item.article, records),
          })),
          findings: findings.map((f) => ({
            id: f.id,
            itemKey: f.itemKey,
            severity: f.severity,
            article: f.article,
            description: f.description,
            requirement: f.requirement,
            status: f.status,
            report: f.report,
            rejections: f.rejections,
            acceptedAt: iso(f.acceptedAt),
          })),
          evidence: evidence.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
        },
        200,
      );
    });
}
