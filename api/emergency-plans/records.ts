// A unit's emergency plan and drills as the API shows them (000 第三十一条), and the two readings
// supervisors need: the unit's current plan with its next drill date (beside the inspection item
// citing 第三十一条), and the units of a jurisdiction with no plan or past that date. Data layer:
// ids in, rows out.
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.js';
import { emergencyDrills, emergencyPlans, type EmergencyDrill, type EmergencyPlan } from '../../db/schema.js';
import { chinaToday } from '../../domain/continuity.js';
import { EMERGENCY_DRILL_RESULTS, PLAN_GAPS, type PlanGap } from '../../domain/emergency-plans.js';
import { UNIT_KINDS, type UnitKind } from '../../domain/identity.js';
import type { PageQuery } from '../paging.js';

export const EmergencyPlanSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    title: z.string(),
    version: z.string(),
    approvedOn: z.string(),
    nextDrillOn: z.string(),
    scope: z.string(),
    summary: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('EmergencyPlan');

export const EmergencyDrillSchema = z
  .object({
    id: z.number(),
    planId: z.number(),
    unitId: z.number(),
    drilledOn: z.string(),
    scenario: z.string(),
    result: z.enum(EMERGENCY_DRILL_RESULTS),
    findings: z.string(),
    nextDrillOn: z.string(),
    followUpOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('EmergencyDrill');

export const presentPlan = (p: EmergencyPlan) => ({
  id: p.id,
  unitId: p.unitId,
  title: p.title,
  version: p.version,
  approvedOn: p.approvedOn,
  nextDrillOn: p.nextDrillOn,
  scope: p.scope,
  summary: p.summary,
  createdAt: p.createdAt.toISOString(),
});

export const presentEmergencyDrill = (d: EmergencyDrill) => ({
  id: d.id,
  planId: d.planId,
  unitId: d.unitId,
  drilledOn: d.drilledOn,
  scenario: d.scenario,
  result: d.result,
  findings: d.findings,
  nextDrillOn: d.nextDrillOn,
  followUpOn: d.followUpOn,
  createdAt: d.createdAt.toISOString(),
});

/** How many recent drills the checklist item shows. */
const RECENT = 5;

export const PlanRecordsSchema = z
  .object({
    currentPlan: EmergencyPlanSchema.nullable().openapi({ description: 'The newest approved version; null: none' }),
    versions: z.number().openapi({ description: 'How many versions the unit has recorded' }),
    latestDrills: z.array(EmergencyDrillSchema),
    nextDrillDue: z.string().nullable().openapi({
      description: "The latest drill's next drill date (drills since the current plan's approval), else the plan's",
    }),
    drillOverdue: z.boolean(),
  })
  .openapi('EmergencyPlanRecords');
export type PlanRecords = z.infer<typeof PlanRecordsSchema>;

/**
 * The unit's current plan (newest approval), its latest drills and the date of its next drill: the
 * newest drill's `nextDrillOn` among the drills held since the current plan was approved, else the
 * plan's own (a newly approved version sets a new date). Overdue when that date is before today.
 */
export async function planRecords(db: Db, unitId: number, now = new Date()): Promise<PlanRecords> {
  const [[current], versions] = await Promise.all([
    db
      .select()
      .from(emergencyPlans)
      .where(eq(emergencyPlans.unitId, unitId))
      .orderBy(desc(emergencyPlans.approvedOn), desc(emergencyPlans.id))
      .limit(1),
    db.$count(emergencyPlans, eq(emergencyPlans.unitId, unitId)),
  ]);
  const latest = await db
    .select()
    .from(emergencyDrills)
    .where(eq(emergencyDrills.unitId, unitId))
    .orderBy(desc(emergencyDrills.drilledOn), desc(emergencyDrills.id))
    .limit(RECENT);
  let nextDrillDue: string | null = null;
  if (current) {
    const [counted] = await db
      .select({ nextDrillOn: emergencyDrills.nextDrillOn })
      .from(emergencyDrills)
      .where(and(eq(emergencyDrills.unitId, unitId), gte(emergencyDrills.drilledOn, current.approvedOn)))
      .orderBy(desc(emergencyDrills.drilledOn), desc(emergencyDrills.id))
      .limit(1);
    nextDrillDue = counted?.nextDrillOn ?? current.nextDrillOn;
  }
  return {
    currentPlan: current ? presentPlan(current) : null,
    versions,
    latestDrills: latest.map(presentEmergencyDrill),
    nextDrillDue,
    drillOverdue: nextDrillDue !== null && nextDrillDue < chinaToday(now.getTime()),
  };
}

export const PlanGapSchema = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    kind: z.enum(UNIT_KINDS),
    reason: z.enum(PLAN_GAPS).openapi({ description: 'no_plan: none recorded; drill_overdue: next drill date passed' }),
    currentPlanId: z.number().nullable(),
    approvedOn: z.string().nullable().openapi({ description: "The current plan's approval date" }),
    lastDrilledOn: z.string().nullable().openapi({ description: 'The latest drill since that approval' }),
    nextDrillDue: z.string().nullable(),
  })
  .openapi('UnitWithoutCurrentEmergencyPlan');
export type PlanGapRow = z.infer<typeof PlanGapSchema>;

/**
 * The responsible units (not commissions) under `unitPath` with no emergency plan, or whose next
 * drill date (as planRecords reckons it) is before `today`; ordered by the unit tree.
 */
export async function unitsWithoutCurrentPlan(
  db: Db,
  unitPath: string,
  today: string,
  q: PageQuery,
): Promise<{ items: PlanGapRow[]; total: number }> {
  // Written as SQL: two lateral reads per unit (its current plan, then its latest drill since that approval).
  const gaps = sql`
    from units u
    left join lateral (
      select p.id, p.approved_on, p.next_drill_on from emergency_plans p
      where p.unit_id = u.id order by p.approved_on desc, p.id desc limit 1
    ) cp on true
    left join lateral (
      select d.drilled_on, d.next_drill_on from emergency_drills d
      where d.unit_id = u.id and cp.id is not null and d.drilled_on >= cp.approved_on
      order by d.drilled_on desc, d.id desc limit 1
    ) ld on true
    where u.path like ${`${unitPath}%`} and u.kind <> 'commission'
      and (cp.id is null or coalesce(ld.next_drill_on, cp.next_drill_on) < ${today}::date)`;
  const offset = (q.page - 1) * q.pageSize;
  const [rows, [count]] = await Promise.all([
    db.execute<{
      unit_id: number;
      unit_name: string;
      kind: UnitKind;
      plan_id: number | null;
      approved_on: string | null;
      last_drilled_on: string | null;
      next_drill_due: string | null;
    }>(sql`
      select u.id as unit_id, u.name as unit_name, u.kind, cp.id as plan_id, cp.approved_on::text as approved_on,
        ld.drilled_on::text as last_drilled_on, coalesce(ld.next_drill_on, cp.next_drill_on)::text as next_drill_due
      ${gaps}
      order by u.path, u.id limit ${q.pageSize} offset ${offset}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n ${gaps}`),
  ]);
  return {
    items: [...rows].map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      kind: r.kind,
      reason: (r.plan_id === null ? 'no_plan' : 'drill_overdue') satisfies PlanGap,
      currentPlanId: r.plan_id,
      approvedOn: r.approved_on,
      lastDrilledOn: r.last_drilled_on,
      nextDrillDue: r.next_drill_due,
    })),
    total: count!.n,
  };
}
