// The plan-run report's shape (监督检查情况报告): one schema for the API's documented answer, the
// console's generated types and the code that computes it (db/inspection-report.ts).
import { z } from 'zod';
import { INSPECTION_STEPS, SEVERITIES } from './inspections.js';

const rate = z.number().min(0).max(1).nullable().describe('符合率（0–1），没有可计的答案时为 null');

export const InspectionRunReportSchema = z.object({
  runId: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  ownerUnitId: z.number().int(),
  startedAt: z.string(),
  unitCount: z.number().int(),
  selfChecked: z.number().int(),
  reviewed: z.number().int(),
  overallRate: rate,
  units: z.array(
    z.object({
      unitId: z.number().int(),
      name: z.string(),
      status: z.string(),
      rate,
      findings: z.number().int(),
      overdue: z.boolean(),
      overdueStep: z.enum(INSPECTION_STEPS).nullable(),
      overdueDays: z.number().int().nullable(),
    }),
  ),
  items: z.array(
    z.object({
      key: z.string(),
      text: z.string(),
      article: z.string(),
      compliant: z.number().int(),
      nonCompliant: z.number().int(),
      notApplicable: z.number().int(),
      rate,
    }),
  ),
  findings: z.object({ total: z.number().int(), bySeverity: z.record(z.enum(SEVERITIES), z.number().int()) }),
  rectification: z.object({
    accepted: z.number().int(),
    pending: z.number().int(),
    overdueUnits: z.number().int(),
  }),
  /** Units that missed a deadline, by the step they missed last. */
  overdue: z.object({ units: z.number().int(), byStep: z.record(z.enum(INSPECTION_STEPS), z.number().int()) }),
});

export type InspectionRunReport = z.infer<typeof InspectionRunReportSchema>;
