// The plan-run report (监督检查情况报告): compliance per unit and per item, findings by severity,
// rectification status and overdue count, from the rows the inspections wrote. The inspector's
// reviewed answer counts where there is one, else the unit's self-check; 不适用 is left out.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from './client.js';
import {
  checklistTemplates,
  inspectionFindings,
  inspectionPlans,
  inspectionRuns,
  inspections,
  units,
} from './schema.js';
import {
  INSPECTION_STEPS,
  overdueDays,
  SEVERITIES,
  type Answer,
  type InspectionStep,
  type Severity,
} from '../domain/inspections.js';
import type { InspectionRunReport } from '../domain/inspection-report.js';

export type { InspectionRunReport };

const rate = (yes: number, no: number) => (yes + no === 0 ? null : Math.round((yes / (yes + no)) * 1000) / 1000);

type UnitRow = InspectionRunReport['units'][number];
type Tally = { compliant: number; nonCompliant: number; notApplicable: number };
type InspectionRow = { inspection: typeof inspections.$inferSelect; name: string };

/** The report of run `runId`, or undefined when there is no such run. */
export async function inspectionRunReport(
  db: Db,
  runId: string,
  now = new Date(),
): Promise<InspectionRunReport | undefined> {
  const [run] = await db
    .select({ run: inspectionRuns, plan: inspectionPlans, template: checklistTemplates })
    .from(inspectionRuns)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionRuns.planId))
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, inspectionRuns.templateId))
    .where(eq(inspectionRuns.id, runId));
  if (!run) return undefined;
  const rows = await db
    .select({ inspection: inspections, name: units.name })
    .from(inspections)
    .innerJoin(units, eq(units.id, inspections.unitId))
    .where(eq(inspections.runId, runId))
    .orderBy(asc(units.path));
  const findings = rows.length
    ? await db
        .select()
        .from(inspectionFindings)
        .where(
          inArray(
            inspectionFindings.inspectionId,
            rows.map((r) => r.inspection.id),
          ),
        )
    : [];

  const tally = new Map(run.template.items.map((i) => [i.key, { compliant: 0, nonCompliant: 0, notApplicable: 0 }]));
  const overall = { yes: 0, no: 0 };
  const unitRows = rows.map((row) => unitRow(row, tally, overall, findings, now));
  unitRows.push(...(await notStartedUnits(db, run.run.unitIds, rows)));
  const late = rows.filter((r) => r.inspection.overdue);

  return {
    runId,
    planId: run.plan.id,
    planTitle: run.plan.title,
    ownerUnitId: run.plan.ownerUnitId,
    startedAt: run.run.createdAt.toISOString(),
    unitCount: run.run.unitIds.length,
    selfChecked: rows.filter((r) => r.inspection.selfCheckedAt).length,
    reviewed: rows.filter((r) => r.inspection.reviewedAt).length,
    overallRate: rate(overall.yes, overall.no),
    units: unitRows,
    items: run.template.items.map((i) => ({
      key: i.key,
      text: i.text,
      article: i.article,
      ...tally.get(i.key)!,
      rate: rate(tally.get(i.key)!.compliant, tally.get(i.key)!.nonCompliant),
    })),
    findings: {
      total: findings.length,
      bySeverity: Object.fromEntries(
        SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]),
      ) as Record<Severity, number>,
    },
    rectification: {
      accepted: findings.filter((f) => f.status === 'accepted').length,
      pending: findings.filter((f) => f.status !== 'accepted').length,
      overdueUnits: late.filter((r) => r.inspection.overdueStep === 'rectification').length,
    },
    overdue: {
      units: late.length,
      byStep: Object.fromEntries(
        INSPECTION_STEPS.map((s) => [s, late.filter((r) => r.inspection.overdueStep === s).length]),
      ) as Record<InspectionStep, number>,
    },
  };
}

/** One unit's line; counts its answers into the per-item `tally` and the run's `overall` totals. */
function unitRow(
  { inspection: i, name }: InspectionRow,
  tally: Map<string, Tally>,
  overall: { yes: number; no: number },
  findings: { inspectionId: string }[],
  now: Date,
): UnitRow {
  const answers: { itemKey: string; answer: Answer }[] = i.review ?? i.selfCheck ?? [];
  let yes = 0;
  let no = 0;
  for (const a of answers) {
    const t = tally.get(a.itemKey);
    if (!t) continue;
    if (a.answer === 'compliant') {
      t.compliant++;
      yes++;
    } else if (a.answer === 'non_compliant') {
      t.nonCompliant++;
      no++;
    } else t.notApplicable++;
  }
  overall.yes += yes;
  overall.no += no;
  return {
    unitId: i.unitId,
    name,
    status: i.status as string,
    rate: answers.length ? rate(yes, no) : null,
    findings: findings.filter((f) => f.inspectionId === i.id).length,
    overdue: i.overdue,
    overdueStep: i.overdueStep,
    overdueDays: overdueDays(i.overdueDueAt, i.overdueResolvedAt, now),
  };
}

/** Units whose inspection has not started yet still count, with nothing answered. */
async function notStartedUnits(db: Db, unitIds: number[], rows: InspectionRow[]): Promise<UnitRow[]> {
  const listed = new Set(rows.map((r) => r.inspection.unitId));
  const missing = unitIds.filter((id) => !listed.has(id));
  if (!missing.length) return [];
  const named = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.id, missing))
    .orderBy(asc(units.path));
  return named.map((m) => ({
    unitId: m.id,
    name: m.name,
    status: 'not_started',
    rate: null,
    findings: 0,
    overdue: false,
    overdueStep: null,
    overdueDays: null,
  }));
}
