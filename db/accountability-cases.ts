// Opening an accountability case (责任追究; 000 第三十五条): the row, its first timeline event, its audit
// row and the start of its workflow (process_starts, api/process-starter.ts) in the caller's
// transaction, so a case never exists without its process, nor a process without its case. Used by
// the overdue rectification and incident activities, the appraisal entry point and POST /accountability-cases.
// And the query a case's reader and its decision step share: the unit's repeat offences (从重).
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, lt, ne } from 'drizzle-orm';
import type { Db } from './client.js';
import { appendAudit } from './audit.js';
import { commissionsAbove } from './unit-tree.js';
import { accountabilityCaseEvents, accountabilityCases, processStarts, units } from './schema.js';
import {
  CASE_WORKFLOW_TYPE,
  caseNumber,
  caseWorkflowId,
  type AccountabilityCaseInput,
  type CaseSource,
} from '../domain/accountability.js';
import type { TaskActor } from '../domain/task-completion.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface OpenCase {
  unitId: number;
  source: CaseSource;
  /** Unique per source: a second opening for the same source writes nothing. */
  sourceId: string;
  reason: string;
  /** Unset: the first commission above the unit (属地管理). */
  supervisingUnitId?: number;
  facts?: string[];
  evidenceIds?: string[];
  responsiblePerson?: { name: string; position?: string };
  openedBy?: TaskActor;
  requestId?: string;
  sourceIp?: string;
  /** The worker's task queue the case workflow runs on. */
  taskQueue: string;
}

/** Opens the case inside `tx`; its id, or undefined when this source already has one. */
export async function openCase(tx: Tx, input: OpenCase): Promise<number | undefined> {
  let supervisingUnitId = input.supervisingUnitId;
  if (supervisingUnitId === undefined) {
    const [unit] = await tx.select().from(units).where(eq(units.id, input.unitId));
    supervisingUnitId = unit ? (await commissionsAbove(tx, unit))[0]?.id : undefined;
  }
  const [row] = await tx
    .insert(accountabilityCases)
    .values({
      unitId: input.unitId,
      supervisingUnitId,
      sourceType: input.source,
      sourceId: input.sourceId,
      reason: input.reason,
      facts: input.facts ?? [input.reason],
      evidenceIds: input.evidenceIds ?? [],
      responsibleName: input.responsiblePerson?.name,
      responsiblePosition: input.responsiblePerson?.position,
      openedByUserId: input.openedBy?.userId,
    })
    .onConflictDoNothing()
    .returning({ id: accountabilityCases.id });
  if (!row) return undefined;
  const workflowId = caseWorkflowId(row.id, randomUUID());
  const args: [AccountabilityCaseInput] = [{ caseId: row.id }];
  await tx.update(accountabilityCases).set({ workflowId }).where(eq(accountabilityCases.id, row.id));
  await tx
    .insert(processStarts)
    .values({ workflowId, workflowType: CASE_WORKFLOW_TYPE, taskQueue: input.taskQueue, args });
  await tx.insert(accountabilityCaseEvents).values({
    caseId: row.id,
    eventKey: 'opened',
    kind: 'opened',
    stage: 'investigating',
    summary: `立案：${input.reason}`,
    actorUserId: input.openedBy?.userId,
    actorName: input.openedBy?.realName ?? '系统',
    detail: { source: input.source, sourceId: input.sourceId },
  });
  await appendAudit(tx, {
    actor: input.openedBy,
    requestId: input.requestId,
    sourceIp: input.sourceIp,
    action: 'create',
    objectType: 'accountability_case',
    objectId: String(row.id),
    outcome: 'success',
    detail: { unitId: input.unitId, sourceType: input.source, sourceId: input.sourceId, supervisingUnitId },
  });
  return row.id;
}

/** The case opened for `source`/`sourceId`, if any. */
export async function caseOfSource(db: Pick<Db, 'select'>, source: CaseSource, sourceId: string) {
  const [row] = await db
    .select()
    .from(accountabilityCases)
    .where(and(eq(accountabilityCases.sourceType, source), eq(accountabilityCases.sourceId, sourceId)));
  return row;
}

/** One of the unit's other cases in the year before this one (从重: a repeat offence weighs). */
export interface RepeatOffence {
  caseId: number;
  caseNumber: string;
  source: string;
  reason: string;
  decision: string | null;
  openedAt: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The unit's other cases opened in the year before `row` (any outcome), newest first. */
export async function repeatOffencesOf(
  db: Pick<Db, 'select'>,
  row: { id: number; unitId: number; createdAt: Date },
): Promise<RepeatOffence[]> {
  const rows = await db
    .select()
    .from(accountabilityCases)
    .where(
      and(
        eq(accountabilityCases.unitId, row.unitId),
        ne(accountabilityCases.id, row.id),
        gte(accountabilityCases.createdAt, new Date(row.createdAt.getTime() - YEAR_MS)),
        lt(accountabilityCases.createdAt, row.createdAt),
      ),
    )
    .orderBy(desc(accountabilityCases.createdAt));
  return rows.map((r) => ({
    caseId: r.id,
    caseNumber: caseNumber(r.id, r.createdAt),
    source: r.sourceType,
    reason: r.reason,
    decision: r.decision,
    openedAt: r.createdAt.toISOString(),
  }));
}
