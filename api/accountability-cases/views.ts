// What the accountability-case routes answer: the case as people read it, its timeline, the yearly summary.
import { z } from '@hono/zod-openapi';
import {
  CASE_SOURCE_NAMES,
  CASE_SOURCES,
  CASE_STAGES,
  caseNumber,
  DECISIONS,
  MEASURE_NAMES,
  MEASURES,
  SEVERITIES,
  SEVERITY_NAMES,
  type Decision,
  type Severity,
} from '../../domain/accountability.js';
import type { AccountabilityCase, AccountabilityCaseEvent } from '../../db/schema.js';

export const SOURCE_NAMES: Record<string, string> = CASE_SOURCE_NAMES;

export const decisionName = (d: string | null): string | null =>
  d === null ? null : d === 'no_action' ? '不予追究' : (MEASURE_NAMES[d as Exclude<Decision, 'no_action'>] ?? d);

export const CaseSchema = z
  .object({
    id: z.number(),
    caseNumber: z.string(),
    unitId: z.number(),
    unitName: z.string(),
    supervisingUnitId: z.number().nullable(),
    source: z.enum(CASE_SOURCES),
    sourceName: z.string(),
    sourceType: z.enum(CASE_SOURCES).openapi({ description: '同 source（旧字段名）' }),
    sourceId: z.string(),
    status: z
      .enum(['open', 'in_progress', 'closed'])
      .openapi({ description: 'open 未决定，in_progress 执行中，closed 已结案' }),
    reason: z.string(),
    stage: z.enum(CASE_STAGES),
    facts: z.array(z.string()),
    evidenceIds: z.array(z.string()),
    responsiblePerson: z.object({ name: z.string(), position: z.string().nullable() }).nullable(),
    articles: z.array(z.string()),
    severity: z.enum(SEVERITIES).nullable(),
    severityName: z.string().nullable(),
    proposedMeasure: z.enum(MEASURES).nullable(),
    proposalReasons: z.array(z.string()),
    statement: z
      .object({
        outcome: z.enum(['stated', 'waived', 'lapsed']).nullable(),
        text: z.string().nullable(),
        dueAt: z.string().nullable(),
      })
      .openapi({ description: '陈述申辩：stated 已陈述申辩，waived 放弃，lapsed 期满未陈述申辩（视为放弃）' }),
    repeatCount: z.number().nullable().openapi({ description: '决定时该单位一年内的其他案件数' }),
    decision: z.enum(DECISIONS).nullable(),
    decisionName: z.string().nullable(),
    decisionReasons: z.array(z.string()),
    decidedAt: z.string().nullable(),
    documentId: z.string().nullable(),
    documentNumber: z.string().nullable(),
    circularId: z.string().nullable(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('AccountabilityCase');

export function presentCase(r: AccountabilityCase, unitName: string) {
  return {
    id: r.id,
    caseNumber: caseNumber(r.id, r.createdAt),
    unitId: r.unitId,
    unitName,
    supervisingUnitId: r.supervisingUnitId,
    source: r.sourceType as (typeof CASE_SOURCES)[number],
    sourceName: SOURCE_NAMES[r.sourceType] ?? r.sourceType,
    sourceType: r.sourceType as (typeof CASE_SOURCES)[number],
    sourceId: r.sourceId,
    status: r.status,
    reason: r.reason,
    stage: r.stage,
    facts: r.facts,
    evidenceIds: r.evidenceIds,
    responsiblePerson: r.responsibleName ? { name: r.responsibleName, position: r.responsiblePosition } : null,
    articles: r.articles,
    severity: r.severity as Severity | null,
    severityName: r.severity ? (SEVERITY_NAMES[r.severity as Severity] ?? r.severity) : null,
    proposedMeasure: r.proposedMeasure as (typeof MEASURES)[number] | null,
    proposalReasons: r.proposalReasons,
    statement: {
      outcome: r.statementOutcome as 'stated' | 'waived' | 'lapsed' | null,
      text: r.statementText,
      dueAt: r.statementDueAt?.toISOString() ?? null,
    },
    repeatCount: r.repeatCount,
    decision: r.decision as Decision | null,
    decisionName: decisionName(r.decision),
    decisionReasons: r.decisionReasons,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    documentId: r.documentId,
    documentNumber: r.documentNumber,
    circularId: r.circularId,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

export const CaseEventSchema = z.object({
  kind: z.string(),
  stage: z.enum(CASE_STAGES),
  summary: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const presentEvent = (e: AccountabilityCaseEvent) => ({
  kind: e.kind,
  stage: e.stage,
  summary: e.summary,
  actorName: e.actorName,
  at: e.at.toISOString(),
});

export const CaseDetailSchema = CaseSchema.extend({
  timeline: z.array(CaseEventSchema),
  repeatOffences: z
    .object({
      count: z.number(),
      cases: z.array(
        z.object({
          caseId: z.number(),
          caseNumber: z.string(),
          source: z.string(),
          reason: z.string(),
          decision: z.string().nullable(),
          openedAt: z.string(),
        }),
      ),
    })
    .openapi({ description: '该单位在本案立案前一年内的其他案件（视情节轻重：屡次违规从重）' }),
  documents: z.array(
    z.object({ id: z.string(), number: z.string().nullable(), title: z.string(), createdAt: z.string() }),
  ),
  openTasks: z.array(
    z.object({ id: z.string(), type: z.string(), title: z.string(), assigneeUnitId: z.number(), dueAt: z.string() }),
  ),
}).openapi('AccountabilityCaseDetail');

export const SummarySchema = z
  .object({
    year: z.number(),
    jurisdiction: z.string(),
    total: z.number(),
    byMeasure: z.array(z.object({ measure: z.string(), count: z.number() })),
    bySource: z.array(z.object({ source: z.string(), count: z.number() })),
    byUnit: z.array(z.object({ unitName: z.string(), cases: z.number(), measures: z.string() })),
  })
  .openapi('AccountabilitySummary');
