// What a unit has on record for the checklist items about storage and continuity: its register
// (000 第十八条 no storage abroad), its backups (000 第十四条) and its restore drills (000 第十五条,
// 001 第九条), and its emergency plan (000 第三十一条, api/emergency-plans/). Shown beside those items when an inspection is read, so the inspector sees the
// unit's own records as evidence. Data layer: ids in, rows out.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.js';
import {
  backups,
  dataHoldings,
  deadlinePolicies,
  restoreDrills,
  type Backup,
  type RestoreDrill,
} from '../../db/schema.js';
import { DOMESTIC_COUNTRY } from '../../domain/data-holdings.js';
import { BACKUP_FREQUENCIES, DRILL_RESULTS, RESTORE_DRILL_POLICY_KEY } from '../../domain/continuity.js';
import { periodStartFor } from '../../domain/deadline-arithmetic.js';
import { AppError } from '../errors.js';
import { planRecords, PlanRecordsSchema } from '../emergency-plans/records.js';

export const DrillPeriodSchema = z
  .object({
    policyKey: z.string(),
    unit: z.string(),
    amount: z.number(),
    basis: z.string().nullable(),
    since: z.string().openapi({ description: 'A drill on or after this date (China time) counts' }),
  })
  .openapi('RestoreDrillPeriod');
export type DrillPeriod = z.infer<typeof DrillPeriodSchema>;

/** The restore-drill period (deadline policy `continuity.restore_drill`) ending today. */
export async function drillPeriod(db: Db, now: Date): Promise<DrillPeriod> {
  const [policy] = await db.select().from(deadlinePolicies).where(eq(deadlinePolicies.key, RESTORE_DRILL_POLICY_KEY));
  if (!policy)
    throw new AppError(
      'conflict',
      `缺少期限策略 ${RESTORE_DRILL_POLICY_KEY}（恢复演练周期），请管理员在期限策略中补充。`,
    );
  return {
    policyKey: policy.key,
    unit: policy.unit,
    amount: policy.amount,
    basis: policy.basis,
    since: periodStartFor(policy, now),
  };
}

export const BackupSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    scope: z.string(),
    frequency: z.enum(BACKUP_FREQUENCIES),
    offSiteLocation: z.object({ country: z.string(), region: z.string() }).nullable(),
    lastPerformedOn: z.string().nullable(),
    remark: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Backup');

export const RestoreDrillSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    drilledOn: z.string(),
    restored: z.string(),
    durationMinutes: z.number(),
    result: z.enum(DRILL_RESULTS),
    evidence: z.string(),
    followUpOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('RestoreDrill');

export const presentBackup = (b: Backup) => ({
  id: b.id,
  unitId: b.unitId,
  scope: b.scope,
  frequency: b.frequency,
  offSiteLocation: b.offSiteCountry ? { country: b.offSiteCountry, region: b.offSiteRegion ?? '' } : null,
  lastPerformedOn: b.lastPerformedOn,
  remark: b.remark,
  createdAt: b.createdAt.toISOString(),
});

export const presentDrill = (d: RestoreDrill) => ({
  id: d.id,
  unitId: d.unitId,
  drilledOn: d.drilledOn,
  restored: d.restored,
  durationMinutes: d.durationMinutes,
  result: d.result,
  evidence: d.evidence,
  followUpOn: d.followUpOn,
  createdAt: d.createdAt.toISOString(),
});

/** How many recent records each checklist item shows. */
const RECENT = 5;

export const UnitRecordsSchema = z
  .object({
    register: z
      .object({
        activeHoldings: z.number(),
        byCountry: z.array(z.object({ country: z.string(), count: z.number() })),
        abroad: z.array(
          z.object({
            id: z.number(),
            kind: z.string(),
            description: z.string(),
            country: z.string(),
            region: z.string(),
          }),
        ),
      })
      .optional()
      .openapi({ description: '000 第十八条: the unit’s data-holdings register by storage country' }),
    backups: z
      .object({ total: z.number(), latest: z.array(BackupSchema) })
      .optional()
      .openapi({ description: '000 第十四条: the unit’s recorded backups, newest first' }),
    restoreDrills: z
      .object({
        total: z.number(),
        latest: z.array(RestoreDrillSchema),
        period: DrillPeriodSchema,
        drilledInPeriod: z.boolean(),
      })
      .optional()
      .openapi({ description: '000 第十五条, 001 第九条: the unit’s restore drills, newest first' }),
    emergencyPlans: PlanRecordsSchema.optional().openapi({
      description: '000 第三十一条: the unit’s current emergency plan, its latest drills and the next drill date',
    }),
  })
  .openapi('ChecklistUnitRecords');
export type UnitRecords = z.infer<typeof UnitRecordsSchema>;

/** Which of the unit's records a checklist item citing `article` shows; empty for other articles. */
export function recordsCitedBy(article: string): (keyof UnitRecords)[] {
  // 000 is 《河南省全民健康信息管理实施细则》: cited as `000 第十八条` or by its title.
  if (!/^\s*000\b|河南省全民健康信息管理实施细则/.test(article)) return [];
  const cites = (n: string) => new RegExp(`第${n}条|第[^条]*、${n}条|第${n}、`).test(article);
  const wanted: (keyof UnitRecords)[] = [];
  if (cites('十八')) wanted.push('register');
  if (cites('十四')) wanted.push('backups');
  if (cites('十五')) wanted.push('restoreDrills');
  if (cites('三十一')) wanted.push('emergencyPlans');
  return wanted;
}

/** The unit's records that the given checklist articles cite (only those are read). */
export async function unitRecords(db: Db, unitId: number, articles: string[], now: Date): Promise<UnitRecords> {
  const wanted = new Set(articles.flatMap(recordsCitedBy));
  const records: UnitRecords = {};
  if (wanted.has('register')) {
    const rows = await db
      .select({ country: dataHoldings.country, count: sql<number>`count(*)::int` })
      .from(dataHoldings)
      .where(and(eq(dataHoldings.unitId, unitId), eq(dataHoldings.status, 'active')))
      .groupBy(dataHoldings.country)
      .orderBy(dataHoldings.country);
    const abroad = await db
      .select({
        id: dataHoldings.id,
        kind: dataHoldings.kind,
        description: dataHoldings.description,
        country: dataHoldings.country,
        region: dataHoldings.region,
      })
      .from(dataHoldings)
      .where(
        and(
          eq(dataHoldings.unitId, unitId),
          eq(dataHoldings.status, 'active'),
          sql`${dataHoldings.country} <> ${DOMESTIC_COUNTRY}`,
        ),
      )
      .orderBy(dataHoldings.id);
    records.register = { activeHoldings: rows.reduce((n, r) => n + r.count, 0), byCountry: rows, abroad };
  }
  if (wanted.has('backups')) {
    const [latest, total] = await Promise.all([
      db.select().from(backups).where(eq(backups.unitId, unitId)).orderBy(desc(backups.id)).limit(RECENT),
      db.$count(backups, eq(backups.unitId, unitId)),
    ]);
    records.backups = { total, latest: latest.map(presentBackup) };
  }
  if (wanted.has('restoreDrills')) {
    const [latest, total, period] = await Promise.all([
      db
        .select()
        .from(restoreDrills)
        .where(eq(restoreDrills.unitId, unitId))
        .orderBy(desc(restoreDrills.drilledOn), desc(restoreDrills.id))
        .limit(RECENT),
      db.$count(restoreDrills, eq(restoreDrills.unitId, unitId)),
      drillPeriod(db, now),
    ]);
    records.restoreDrills = {
      total,
      latest: latest.map(presentDrill),
      period,
      drilledInPeriod: latest.some((d) => d.drilledOn >= period.since),
    };
  }
  if (wanted.has('emergencyPlans')) records.emergencyPlans = await planRecords(db, unitId, now);
  return records;
}
