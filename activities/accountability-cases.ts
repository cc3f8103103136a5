// The accountability case's writes (责任追究; workflows/accountability-case.ts): each step updates the
// case row (stage and what the step decided) and appends its timeline event and its audit row in one
// transaction. Events are keyed per step, so a retried activity writes nothing twice.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit, type Tx } from '../db/audit.js';
import { openCase, repeatOffencesOf, type RepeatOffence } from '../db/accountability-cases.js';
import { accountabilityCaseEvents, accountabilityCases, tasks, units } from '../db/schema.js';
import {
  caseNumber,
  DECISIONS,
  MEASURE_NAMES,
  SEVERITY_NAMES,
  type CaseDocumentData,
  type CaseStage,
  type Decision,
  type Severity,
} from '../domain/accountability.js';
import type { DecisionInput, InvestigationInput } from '../domain/accountability-forms.js';
import type { ActedBy } from '../domain/task-completion.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import { chineseDate } from '../domain/chinese-dates.js';

/** What the workflow needs to know about its case. */
export interface CaseFacts {
  caseId: number;
  caseNumber: string;
  unitId: number;
  unitName: string;
  supervisingUnitId: number;
  supervisingUnitName: string;
  source: string;
  reason: string;
  facts: string[];
}

export function createAccountabilityActivities(db: Db) {
  /** Updates the case and appends its event and audit row, once per `key`. */
  async function step(
    tx: Tx,
    input: {
      caseId: number;
      key: string;
      kind: string;
      stage: CaseStage;
      summary: string;
      set?: Partial<typeof accountabilityCases.$inferInsert>;
      detail?: Record<string, unknown>;
    } & Partial<ActedBy>,
  ): Promise<boolean> {
    const [event] = await tx
      .insert(accountabilityCaseEvents)
      .values({
        caseId: input.caseId,
        eventKey: input.key,
        kind: input.kind,
        stage: input.stage,
        summary: input.summary,
        actorUserId: input.actor?.userId,
        actorName: input.actor?.realName ?? '系统',
        detail: input.detail,
      })
      .onConflictDoNothing()
      .returning({ id: accountabilityCaseEvents.id });
    if (!event) return false;
    await tx
      .update(accountabilityCases)
      .set({ ...input.set, stage: input.stage, updatedAt: sql`now()` })
      .where(eq(accountabilityCases.id, input.caseId));
    await appendAudit(tx, {
      actor: input.actor,
      requestId: input.requestId,
      sourceIp: input.sourceIp,
      action: input.kind,
      objectType: 'accountability_case',
      objectId: String(input.caseId),
      outcome: 'success',
      detail: { stage: input.stage, ...input.detail },
    });
    return true;
  }

  async function caseRow(caseId: number) {
    const [row] = await db.select().from(accountabilityCases).where(eq(accountabilityCases.id, caseId));
    if (!row) throw ApplicationFailure.nonRetryable(`责任追究案件 ${caseId} 不存在。`, FAILURE_TYPES.recordMissing);
    return row;
  }

  return {
    /** The case as its workflow starts: the unit, the supervising commission, the facts known. */
    async caseFacts(caseId: number): Promise<CaseFacts> {
      const row = await caseRow(caseId);
      const [unit] = await db.select().from(units).where(eq(units.id, row.unitId));
      const [office] = row.supervisingUnitId
        ? await db.select().from(units).where(eq(units.id, row.supervisingUnitId))
        : [];
      if (!office)
        throw ApplicationFailure.nonRetryable(
          `${unit?.name ?? row.unitId} 没有上级主管部门，无人调查处理。`,
          'NoSupervisor',
        );
      return {
        caseId,
        caseNumber: caseNumber(caseId, row.createdAt),
        unitId: row.unitId,
        unitName: unit!.name,
        supervisingUnitId: office.id,
        supervisingUnitName: office.name,
        source: row.sourceType,
        reason: row.reason,
        facts: row.facts,
      };
    },

    /** 调查核实 recorded: facts, articles, severity, responsible person, the proposed measure. */
    async recordInvestigation(input: { caseId: number; form: InvestigationInput; statementDueAt: string } & ActedBy) {
      const { form } = input;
      await db.transaction((tx) =>
        step(tx, {
          ...input,
          key: 'investigated',
          kind: 'investigated',
          stage: 'awaiting_statement',
          summary:
            `调查核实：${SEVERITY_NAMES[form.severity]}，拟${MEASURE_NAMES[form.proposedMeasure]}；` +
            `告知单位陈述申辩，期限至 ${chineseDate(new Date(input.statementDueAt))}`,
          set: {
            facts: form.facts,
            evidenceIds: form.evidenceIds ?? [],
            articles: form.articles,
            severity: form.severity,
            proposedMeasure: form.proposedMeasure,
            proposalReasons: form.reasons,
            statementDueAt: new Date(input.statementDueAt),
            ...(form.responsiblePerson
              ? { responsibleName: form.responsiblePerson.name, responsiblePosition: form.responsiblePerson.position }
              : {}),
          },
          detail: { severity: form.severity, proposedMeasure: form.proposedMeasure, articles: form.articles },
        }),
      );
    },

    /** 陈述申辩: stated (with its text), waived, or lapsed (the window passed without it). */
    async recordStatement(
      input: { caseId: number; outcome: 'stated' | 'waived' | 'lapsed'; text?: string } & Partial<ActedBy>,
    ) {
      const summary = {
        stated: '单位陈述申辩',
        waived: '单位放弃陈述申辩',
        lapsed: '陈述申辩期满，单位未陈述申辩，视为放弃',
      }[input.outcome];
      await db.transaction((tx) =>
        step(tx, {
          ...input,
          key: 'statement',
          kind: `statement_${input.outcome}`,
          stage: 'awaiting_decision',
          summary,
          set: { statementOutcome: input.outcome, statementText: input.text ?? null },
        }),
      );
    },

    /** The statement task when its window passed: cancelled, so it leaves the unit's inbox. */
    async lapseCaseTask(input: { workflowId: string; key: string; reason: string }) {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(tasks)
          .set({ status: 'cancelled', result: { reason: input.reason }, updatedAt: sql`now()` })
          .where(and(eq(tasks.workflowId, input.workflowId), eq(tasks.taskKey, input.key), eq(tasks.status, 'open')))
          .returning({ id: tasks.id });
        if (row)
          await appendAudit(tx, {
            action: 'cancel',
            objectType: 'task',
            objectId: row.id,
            outcome: 'success',
            detail: { reason: input.reason },
          });
      });
    },

    /** The unit's other cases in the year before this one; the count is kept on the case. */
    async repeatOffences(caseId: number): Promise<{ count: number; cases: RepeatOffence[] }> {
      const row = await caseRow(caseId);
      const found = await repeatOffencesOf(db, row);
      await db.update(accountabilityCases).set({ repeatCount: found.length }).where(eq(accountabilityCases.id, caseId));
      return { count: found.length, cases: found };
    },

    /** The leader's decision: the measure (or no_action) with its reasons; no_action closes the case. */
    async recordDecision(input: { caseId: number; form: DecisionInput; proposed: string } & ActedBy) {
      const { form } = input;
      const d = form.decision;
      const name = d === 'no_action' ? '不予追究' : MEASURE_NAMES[d];
      const relative =
        d === input.proposed
          ? '同意拟定措施'
          : d === 'no_action'
            ? '不予追究'
            : DECISIONS.indexOf(d) < DECISIONS.indexOf(input.proposed as Decision)
              ? '从轻'
              : '从重';
      await db.transaction((tx) =>
        step(tx, {
          ...input,
          key: 'decided',
          kind: 'decided',
          stage: d === 'no_action' ? 'closed' : 'executing',
          summary: `决定：${name}（${relative}）`,
          set: {
            decision: d,
            decisionReasons: form.reasons,
            decidedByUserId: input.actor.userId,
            decidedAt: new Date(),
            ...(d === 'no_action' ? { status: 'closed' as const, closedAt: new Date() } : {}),
          },
          detail: { decision: d, proposed: input.proposed, relative },
        }),
      );
    },

    /**
     * Who a 通报批评 goes to: the units directly under the supervising commission (its jurisdiction's
     * next level), and the unit itself where it sits deeper.
     */
    async circularRecipients(input: { caseId: number }): Promise<number[]> {
      const row = await caseRow(input.caseId);
      const [office] = await db.select().from(units).where(eq(units.id, row.supervisingUnitId!));
      const children = await db
        .select({ id: units.id })
        .from(units)
        .where(and(sql`${units.path} like ${`${office!.path}%`}`, sql`${units.path} ~ ${`^${office!.path}[0-9]+/$`}`));
      const ids = children.map((c) => c.id).sort((a, b) => a - b);
      return ids.includes(row.unitId) ? ids : [...ids, row.unitId];
    },

    /** What the decision document prints (CaseDocumentData, domain/accountability.ts). */
    async caseDocumentData(input: {
      caseId: number;
      form: DecisionInput;
      rectificationDueAt?: string;
    }): Promise<CaseDocumentData> {
      const row = await caseRow(input.caseId);
      const [unit] = await db.select().from(units).where(eq(units.id, row.unitId));
      const { form } = input;
      const statement =
        row.statementOutcome === 'stated'
          ? {
              text: row.statementText ?? '',
              adopted: form.statementAdopted ?? false,
              response: form.statementResponse ?? '',
            }
          : undefined;
      return {
        caseNumber: caseNumber(row.id, row.createdAt),
        unitName: unit!.name,
        ...(row.responsibleName
          ? { responsiblePerson: { name: row.responsibleName, position: row.responsiblePosition ?? undefined } }
          : {}),
        facts: row.facts,
        articles: row.articles,
        severity: SEVERITY_NAMES[row.severity as Severity] ?? row.severity ?? '',
        measure: form.decision === 'no_action' ? '不予追究' : MEASURE_NAMES[form.decision],
        reasons: form.reasons,
        ...(statement ? { statement } : {}),
        ...(form.rectification && input.rectificationDueAt
          ? {
              rectification: {
                dueDate: chineseDate(new Date(input.rectificationDueAt)),
                requirements: form.rectification.requirements,
              },
            }
          : {}),
        ...(form.meeting
          ? {
              meeting: {
                time: meetingTime(form.meeting.time),
                place: form.meeting.place,
                attendees: form.meeting.attendees,
              },
            }
          : {}),
        ...(form.addressee ? { addressee: form.addressee } : {}),
      };
    },

    /** The decision issued: its numbered document, or the circular it went out as (通报批评). */
    async recordCaseDocument(
      input: { caseId: number; documentId?: string; number?: string; circularId?: string } & Partial<ActedBy>,
    ) {
      await db.transaction((tx) =>
        step(tx, {
          ...input,
          key: 'issued',
          kind: 'issued',
          stage: 'executing',
          summary: input.circularId ? `通报批评已发出（${input.circularId}）` : `决定文书已印发：${input.number}`,
          set: {
            documentId: input.documentId,
            documentNumber: input.number,
            circularId: input.circularId,
            status: 'in_progress',
          },
          detail: { documentId: input.documentId, number: input.number, circularId: input.circularId },
        }),
      );
    },

    /** 通报批评 went out and every unit signed for it (or the sender closed it): its number on the case. */
    async recordCircularOutcome(input: { caseId: number; number?: string; received: number }) {
      await db.transaction((tx) =>
        step(tx, {
          ...input,
          key: 'circular_closed',
          kind: 'circular_closed',
          stage: 'executing',
          summary: `通报批评${input.number ?? ''}已办结，${input.received} 个单位签收`,
          set: { documentNumber: input.number },
        }),
      );
    },

    /** A step of the measure's own process (整改报告, 核验, 签收), on the timeline. */
    async recordMeasureStep(input: { caseId: number; key: string; kind: string; summary: string } & ActedBy) {
      await db.transaction((tx) => step(tx, { ...input, stage: 'executing' }));
    },

    /** The measure's process finished: the case is closed. */
    async closeCase(input: { caseId: number; summary: string }) {
      await db.transaction((tx) =>
        step(tx, {
          ...input,
          key: 'closed',
          kind: 'closed',
          stage: 'closed',
          set: { status: 'closed', closedAt: new Date() },
        }),
      );
    },

    /** The process could not go on (e.g. the unit has no supervising commission). */
    async recordCaseFailed(input: { caseId: number; reason: string }) {
      await db.transaction((tx) =>
        step(tx, { ...input, key: 'failed', kind: 'failed', stage: 'failed', summary: `流程中止：${input.reason}` }),
      );
    },

    /**
     * The entry point a yearly appraisal (年度考核, 000 第三十四条) calls for a unit that failed it: a
     * case with source `appraisal`, once per unit and year. No appraisal process exists yet.
     */
    async openAppraisalCase(input: { unitId: number; year: number; score?: number; reason: string }) {
      return db.transaction((tx) =>
        openCase(tx, {
          unitId: input.unitId,
          source: 'appraisal',
          sourceId: `${input.year}:${input.unitId}`,
          reason: input.reason,
          facts: [input.reason, ...(input.score === undefined ? [] : [`考核得分：${input.score}`])],
          taskQueue: Context.current().info.taskQueue,
        }),
      );
    },
  };
}

/** A meeting's time as people read it, in China time (UTC+8): 2026年12月10日 09:00. */
function meetingTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}
