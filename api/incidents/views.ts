// What the incident routes answer: schemas for the OpenAPI document and the presenters that build
// them from rows (api/incidents/routes.ts).
import { z } from '@hono/zod-openapi';
import {
  ALERT_STATUSES,
  HOP_KINDS,
  INCIDENT_CATEGORIES,
  INCIDENT_LEVELS,
  INCIDENT_STATUSES,
  LEVEL_NAMES,
  REPORT_STAGES,
  STAGE_NAMES,
} from '../../domain/incidents.js';
import type { Incident, IncidentHop, IncidentReport } from '../../db/schema.js';

export const IncidentSchema = z
  .object({
    id: z.string(),
    unitId: z.number(),
    supervisingUnitId: z.number(),
    title: z.string(),
    level: z.enum(INCIDENT_LEVELS),
    levelName: z.string(),
    category: z.enum(INCIDENT_CATEGORIES),
    criticalInfrastructure: z.boolean(),
    personalInfoAffected: z.number(),
    discoveredAt: z.string(),
    reportedAt: z.string(),
    reportDueAt: z
      .string()
      .openapi({ description: '初报时限：发现时间加该级别（及是否涉及关键信息基础设施）的期限策略' }),
    late: z.boolean().openapi({ description: '迟报：初报晚于时限（照常受理）' }),
    delaySeconds: z.number(),
    recordedBySupervisor: z.boolean().openapi({ description: '漏报：由主管部门发现并登记' }),
    status: z.enum(INCIDENT_STATUSES),
    handledAt: z.string().nullable(),
    finalDueAt: z.string().nullable(),
    finalReportedAt: z.string().nullable(),
    reportCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Incident');

export const IncidentReportSchema = z
  .object({
    seq: z.number(),
    stage: z.enum(REPORT_STAGES),
    stageName: z.string(),
    level: z.enum(INCIDENT_LEVELS),
    content: z.record(z.string(), z.unknown()),
    reportedByUserId: z.number().nullable(),
    reportedByName: z.string(),
    reportedAt: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('IncidentReport');

export const IncidentHopSchema = z
  .object({
    reportSeq: z.number(),
    kind: z.enum(HOP_KINDS),
    fromUnitId: z.number().nullable(),
    toUnitId: z.number(),
    toUnitName: z.string(),
    actorUserId: z.number().nullable(),
    actorName: z.string().nullable(),
    comment: z.string().nullable(),
    taskId: z.string().nullable(),
    dueAt: z.string().nullable(),
    at: z.string(),
  })
  .openapi('IncidentHop');

export const IncidentDocumentSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  title: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const IncidentDetailSchema = IncidentSchema.extend({
  reports: z.array(IncidentReportSchema),
  hops: z.array(IncidentHopSchema),
  documents: z.array(IncidentDocumentSchema),
  alerts: z
    .array(
      z.object({
        id: z.string(),
        number: z.string().nullable(),
        title: z.string(),
        status: z.enum(ALERT_STATUSES),
        recipientCount: z.number(),
        createdAt: z.string(),
      }),
    )
    .openapi({ description: '由此事件发出的预警通报（本辖区发出的）' }),
  chain: z
    .object({ valid: z.boolean(), versions: z.number().optional(), brokenAtSeq: z.number().optional() })
    .openapi({ description: '报告版本哈希链的校验结果' }),
}).openapi('IncidentDetail');

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const presentIncident = (i: Incident): z.infer<typeof IncidentSchema> => ({
  id: i.id,
  unitId: i.unitId,
  supervisingUnitId: i.supervisingUnitId,
  title: i.title,
  level: i.level,
  levelName: LEVEL_NAMES[i.level],
  category: i.category,
  criticalInfrastructure: i.criticalInfrastructure,
  personalInfoAffected: i.personalInfoAffected,
  discoveredAt: i.discoveredAt.toISOString(),
  reportedAt: i.reportedAt.toISOString(),
  reportDueAt: i.reportDueAt.toISOString(),
  late: i.late,
  delaySeconds: i.delaySeconds,
  recordedBySupervisor: i.recordedBySupervisor,
  status: i.status,
  handledAt: iso(i.handledAt),
  finalDueAt: iso(i.finalDueAt),
  finalReportedAt: iso(i.finalReportedAt),
  reportCount: i.reportCount,
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
});

export const presentReport = (r: IncidentReport): z.infer<typeof IncidentReportSchema> => {
  // `_key` makes a retried write idempotent (db/incident-reports.ts); it is not what anyone reported.
  const { _key: _ignored, ...content } = r.content;
  return {
    seq: r.seq,
    stage: r.stage,
    stageName: STAGE_NAMES[r.stage],
    level: r.level,
    content,
    reportedByUserId: r.reportedByUserId,
    reportedByName: r.reportedByName,
    reportedAt: r.reportedAt.toISOString(),
    prevHash: r.prevHash,
    hash: r.hash,
  };
};

export const presentHop = (h: IncidentHop & { toUnitName: string }): z.infer<typeof IncidentHopSchema> => ({
  reportSeq: h.reportSeq,
  kind: h.kind,
  fromUnitId: h.fromUnitId,
  toUnitId: h.toUnitId,
  toUnitName: h.toUnitName,
  actorUserId: h.actorUserId,
  actorName: h.actorName,
  comment: h.comment,
  taskId: h.taskId,
  dueAt: iso(h.dueAt),
  at: h.at.toISOString(),
});
