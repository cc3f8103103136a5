// The handover process's writes: each step updates the projection the API reads, appends to the
// handover's timeline and to the audit trail, in one transaction. Every write is keyed, so an
// activity retried after its first attempt committed changes nothing.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit, type Tx } from '../db/audit.js';
import {
  dataHoldings,
  handoverEvents,
  handoverRounds,
  handovers,
  handoverSignatures,
  tasks,
  units,
  type Handover,
} from '../db/schema.js';
import { HOLDING_KIND_LABELS } from '../domain/data-holdings.js';
import {
  canonicalTransferList,
  HANDOVER_REASON_LABELS,
  type HandoverStatus,
  type ItemVerification,
  type SigningParty,
  type TransferItem,
} from '../domain/handovers.js';
import type { ActedBy } from '../domain/task-completion.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import { chineseDate } from '../domain/chinese-dates.js';

interface StepChange {
  handoverId: string;
  /** Unique within the handover: a retried activity finds it and writes nothing. */
  eventKey: string;
  step: string;
  round?: number;
  detail?: Record<string, unknown>;
  by?: ActedBy;
  /** The audit action (submit, verify, sign, ...). */
  action: string;
  set?: Partial<
    Pick<
      Handover,
      | 'status'
      | 'currentStep'
      | 'round'
      | 'listHash'
      | 'draft'
      | 'dueAt'
      | 'overdue'
      | 'documentId'
      | 'archive'
      | 'cancelReason'
      | 'closedAt'
    >
  >;
}

/** A handover closes once: a step that lands after it (an activity still running when it was cancelled) never reopens it. */
const CLOSED_STATUSES: HandoverStatus[] = ['archived', 'cancelled'];

/**
 * Applies one step: timeline event, projection change and audit row, once. Returns false on a
 * replayed key. The projection only moves while the handover is open: a late step is kept in the
 * timeline and the audit trail (it happened) but cannot move a closed handover backwards.
 */
async function applyStep(tx: Tx, change: StepChange): Promise<boolean> {
  const actor = change.by?.actor;
  const [current] = await tx
    .select({ status: handovers.status })
    .from(handovers)
    .where(eq(handovers.id, change.handoverId))
    .for('update');
  if (!current) throw handoverMissing(change.handoverId);
  const [event] = await tx
    .insert(handoverEvents)
    .values({
      handoverId: change.handoverId,
      eventKey: change.eventKey,
      step: change.step,
      round: change.round,
      detail: change.detail,
      actorUserId: actor?.userId,
      actorName: actor?.realName,
      actorUnitId: actor?.unitId,
    })
    .onConflictDoNothing()
    .returning({ id: handoverEvents.id });
  if (!event) return false;
  if (change.set && !CLOSED_STATUSES.includes(current.status))
    await tx
      .update(handovers)
      .set({ ...change.set, updatedAt: sql`now()` })
      .where(and(eq(handovers.id, change.handoverId), notInArray(handovers.status, CLOSED_STATUSES)));
  await appendAudit(tx, {
    actor: actor ?? null,
    requestId: change.by?.requestId,
    sourceIp: change.by?.sourceIp,
    action: change.action,
    objectType: 'handover',
    objectId: change.handoverId,
    outcome: 'success',
    detail: { step: change.step, round: change.round, ...change.detail },
  });
  return true;
}

/**
 * The process's row is written before its workflow starts (api/handovers/routes.ts); a workflow
 * without one (its start was compensated) can never succeed, so it fails instead of retrying.
 */
export const handoverMissing = (handoverId: string) =>
  ApplicationFailure.nonRetryable(
    `移交记录 ${handoverId} 不存在：流程启动未完成，已撤销。`,
    FAILURE_TYPES.recordMissing,
  );

export const transferListHash = (handoverId: string, items: TransferItem[]) =>
  createHash('sha256').update(canonicalTransferList(handoverId, items)).digest('hex');

/** The register's columns for one signed transfer-list item: every fact the leaders signed. */
const holdingFacts = (item: TransferItem) => ({
  kind: item.kind,
  description: item.description,
  recordCount: item.recordCount,
  volume: item.volume,
  format: item.format,
  sha256: item.sha256,
  country: item.storageLocation.country,
  region: item.storageLocation.region,
  encryption: item.encryption,
  serialNumber: item.serialNumber ?? null,
  protectionLevel: item.protectionLevel ?? null,
  filingNumber: item.filingNumber ?? null,
});

/**
 * 003 第三十一条: protection after the transfer is not lower than before. A system moves with the
 * level the receiving unit declared in its verification (never lower than the list's, the
 * verification refuses that), or the list's when none was declared.
 */
const receivedFacts = (item: TransferItem, declared: number | undefined) => {
  const facts = holdingFacts(item);
  return declared !== undefined && declared > (facts.protectionLevel ?? 0)
    ? { ...facts, protectionLevel: declared }
    : facts;
};

const chinaTime = (d: Date) => `${chineseDate(d)} ${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;

/**
 * 003 第十四条, 第三十一条: the register takes exactly what both leaders signed. Every signed field of
 * a listed holding is written into its row as it changes owner; a signed item with no row of the
 * handing unit (added while drafting, or a stale link) becomes a new row.
 */
async function moveSignedHoldings(
  tx: Tx,
  h: Handover,
  final: typeof handoverRounds.$inferSelect,
): Promise<{ moved: number; added: number }> {
  let moved = 0;
  const added: { item: TransferItem; n: number }[] = [];
  const declared = (n: number) => final.results?.find((r) => r.item === n)?.protectionLevel;
  const owner = { unitId: h.receivingUnitId, transferredFromUnitId: h.handingUnitId, handoverId: h.id };
  for (const [index, item] of final.items.entries()) {
    const [row] = item.holdingId
      ? await tx
          .update(dataHoldings)
          .set({ ...receivedFacts(item, declared(index + 1)), ...owner, updatedAt: sql`now()` })
          .where(
            and(
              eq(dataHoldings.id, item.holdingId),
              eq(dataHoldings.unitId, h.handingUnitId),
              eq(dataHoldings.status, 'active'),
            ),
          )
          .returning({ id: dataHoldings.id })
      : [];
    if (row) moved++;
    else added.push({ item, n: index + 1 });
  }
  if (added.length)
    await tx
      .insert(dataHoldings)
      .values(added.map(({ item, n }) => ({ ...receivedFacts(item, declared(n)), ...owner })));
  return { moved, added: added.length };
}

/** What the archive record lists as still with the handing unit: holdings left off the list, open tasks of other processes. */
async function leftWithHandingUnit(tx: Tx, h: Handover) {
  const notListed = await tx
    .select({ id: dataHoldings.id, kind: dataHoldings.kind, description: dataHoldings.description })
    .from(dataHoldings)
    .where(and(eq(dataHoldings.unitId, h.handingUnitId), eq(dataHoldings.status, 'active')));
  const openTasks = await tx
    .select({ id: tasks.id, type: tasks.type, title: tasks.title, workflowId: tasks.workflowId, dueAt: tasks.dueAt })
    .from(tasks)
    .where(and(eq(tasks.assigneeUnitId, h.handingUnitId), eq(tasks.status, 'open'), ne(tasks.workflowId, h.id)));
  return { notListed, openTasks };
}

export function createHandoverActivities(db: Db) {
  return {
    /** The process's first step: its row must exist (written before the start), else it fails for good. */
    async ensureHandoverRecorded(handoverId: string): Promise<void> {
      const [row] = await db.select({ id: handovers.id }).from(handovers).where(eq(handovers.id, handoverId));
      if (!row) throw handoverMissing(handoverId);
    },

    /** Stores the submitted list as round `round` and returns the sha256 of its canonical form. */
    async recordTransferListSubmitted(
      input: { handoverId: string; round: number; items: TransferItem[] } & ActedBy,
    ): Promise<{ listHash: string }> {
      const listHash = transferListHash(input.handoverId, input.items);
      await db.transaction(async (tx) => {
        await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: `submit-r${input.round}`,
          step: 'transfer_list_submitted',
          round: input.round,
          by: input,
          action: 'submit',
          detail: { items: input.items.length, listHash },
          set: { status: 'verifying', currentStep: 'verification', listHash, draft: input.items, round: input.round },
        });
        await tx
          .insert(handoverRounds)
          .values({
            handoverId: input.handoverId,
            round: input.round,
            items: input.items,
            listHash,
            submittedByUserId: input.actor.userId,
            submittedByName: input.actor.realName,
          })
          .onConflictDoNothing();
      });
      return { listHash };
    },

    /** Records the receiving unit's verdicts; a discrepancy opens the next round. */
    async recordVerification(
      input: { handoverId: string; round: number; results: ItemVerification[] } & ActedBy,
    ): Promise<{ discrepancies: number }> {
      const discrepancies = input.results.filter((r) => r.verdict === 'discrepant').length;
      await db.transaction(async (tx) => {
        await tx
          .update(handoverRounds)
          .set({
            results: input.results,
            verifiedByUserId: input.actor.userId,
            verifiedByName: input.actor.realName,
            verifiedAt: sql`now()`,
          })
          .where(and(eq(handoverRounds.handoverId, input.handoverId), eq(handoverRounds.round, input.round)));
        await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: `verify-r${input.round}`,
          step: discrepancies > 0 ? 'verification_discrepant' : 'verification_accepted',
          round: input.round,
          by: input,
          action: 'verify',
          detail: { discrepancies },
          set:
            discrepancies > 0
              ? { status: 'drafting', currentStep: 'transfer_list', round: input.round + 1 }
              : { status: 'signing', currentStep: 'handing_signature' },
        });
      });
      return { discrepancies };
    },

    /** Records a leader's signature on the list with hash `listHash`. */
    async recordSignature(
      input: { handoverId: string; party: SigningParty; listHash: string } & ActedBy,
    ): Promise<{ signedAt: string }> {
      return db.transaction(async (tx) => {
        await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: `sign-${input.party}`,
          step: `${input.party}_signed`,
          by: input,
          action: 'sign',
          detail: { listHash: input.listHash },
          set:
            input.party === 'handing'
              ? { currentStep: 'receiving_signature' }
              : { status: 'confirming', currentStep: 'confirmation' },
        });
        await tx
          .insert(handoverSignatures)
          .values({
            handoverId: input.handoverId,
            party: input.party,
            signerUserId: input.actor.userId,
            signerName: input.actor.realName,
            unitId: input.actor.unitId,
            listHash: input.listHash,
          })
          .onConflictDoNothing();
        const [row] = await tx
          .select({ signedAt: handoverSignatures.signedAt })
          .from(handoverSignatures)
          .where(and(eq(handoverSignatures.handoverId, input.handoverId), eq(handoverSignatures.party, input.party)));
        return { signedAt: row!.signedAt.toISOString() };
      });
    },

    /** The supervising official's confirmation, recorded before the archive document is issued. */
    async recordConfirmation(input: { handoverId: string; remark?: string } & ActedBy): Promise<void> {
      await db.transaction((tx) =>
        applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: 'confirm',
          step: 'confirmed',
          by: input,
          action: 'confirm',
          detail: input.remark ? { remark: input.remark } : undefined,
          set: { currentStep: 'archiving' },
        }),
      );
    },

    /** Everything the 移交清单 PDF shows, read from the rows the steps wrote. */
    async transferListDocumentData(
      handoverId: string,
    ): Promise<{ title: string; recipient: string; data: Record<string, unknown> }> {
      const [h] = await db.select().from(handovers).where(eq(handovers.id, handoverId));
      if (!h) throw handoverMissing(handoverId);
      const unitRows = await db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(inArray(units.id, [h.handingUnitId, h.receivingUnitId, h.supervisingUnitId]));
      const name = (id: number) => unitRows.find((u) => u.id === id)!.name;
      const rounds = await db
        .select()
        .from(handoverRounds)
        .where(eq(handoverRounds.handoverId, handoverId))
        .orderBy(asc(handoverRounds.round));
      const signatures = await db
        .select()
        .from(handoverSignatures)
        .where(eq(handoverSignatures.handoverId, handoverId));
      const final = rounds.at(-1)!;
      const signature = (party: SigningParty) => {
        const s = signatures.find((x) => x.party === party)!;
        return { unit: name(s.unitId), signer: s.signerName, signedAt: chinaTime(s.signedAt), listHash: s.listHash };
      };
      return {
        title: `${name(h.handingUnitId)}健康信息移交清单`,
        recipient: name(h.receivingUnitId),
        data: {
          handingUnit: name(h.handingUnitId),
          receivingUnit: name(h.receivingUnitId),
          supervisingUnit: name(h.supervisingUnitId),
          reason: HANDOVER_REASON_LABELS[h.reason],
          reasonDetail: h.reasonDetail,
          items: final.items.map((item, i) => ({
            ...item,
            n: i + 1,
            kindLabel: HOLDING_KIND_LABELS[item.kind],
            recordCount: item.recordCount.toLocaleString('en-US'),
            // The level the receiving unit declared it protects the system at (003 第三十一条).
            receivingLevel: final.results?.find((r) => r.item === i + 1)?.protectionLevel,
          })),
          rounds: rounds.map((r) => ({
            round: r.round,
            submittedBy: r.submittedByName,
            submittedAt: chinaTime(r.submittedAt),
            verifiedBy: r.verifiedByName,
            verifiedAt: r.verifiedAt ? chinaTime(r.verifiedAt) : '',
            accepted: (r.results ?? []).filter((x) => x.verdict === 'accepted').length,
            discrepancies: (r.results ?? [])
              .filter((x) => x.verdict === 'discrepant')
              .map((x) => ({ item: x.item, remark: x.remark })),
          })),
          handing: signature('handing'),
          receiving: signature('receiving'),
          listHash: final.listHash,
        },
      };
    },

    /**
     * Closes the handover: the listed holdings change owner to the receiving unit, the archive
     * record lists the handing unit's open tasks of other processes and any holding left off the list.
     */
    async archiveHandover(input: { handoverId: string; documentId: string; number: string } & ActedBy): Promise<void> {
      await db.transaction(async (tx) => {
        const [h] = await tx.select().from(handovers).where(eq(handovers.id, input.handoverId)).for('update');
        if (!h) throw handoverMissing(input.handoverId);
        // Archived already (a retry), or cancelled: nothing moves.
        if (CLOSED_STATUSES.includes(h.status)) return;
        const [final] = await tx
          .select()
          .from(handoverRounds)
          .where(eq(handoverRounds.handoverId, h.id))
          .orderBy(sql`${handoverRounds.round} desc`)
          .limit(1);
        const { moved, added } = await moveSignedHoldings(tx, h, final!);
        const { notListed, openTasks } = await leftWithHandingUnit(tx, h);
        await applyStep(tx, {
          handoverId: h.id,
          eventKey: 'archived',
          step: 'archived',
          by: input,
          action: 'archive',
          detail: {
            documentId: input.documentId,
            number: input.number,
            holdingsMoved: moved,
            holdingsAdded: added,
          },
          set: {
            status: 'archived',
            currentStep: 'archived',
            documentId: input.documentId,
            closedAt: new Date(),
            archive: {
              number: input.number,
              listHash: final!.listHash,
              holdingsMoved: moved,
              holdingsAdded: added,
              holdingsNotListed: notListed,
              openTasksOfOtherProcesses: openTasks.map((t) => ({ ...t, dueAt: t.dueAt.toISOString() })),
            },
          },
        });
      });
    },

    /** Cancels the handover and every open task of it, with the supervisor's reason. */
    async cancelHandover(input: { handoverId: string; reason: string } & ActedBy): Promise<void> {
      await db.transaction(async (tx) => {
        const closed = await tx
          .update(tasks)
          .set({ status: 'cancelled', result: { reason: input.reason }, updatedAt: sql`now()` })
          .where(and(eq(tasks.workflowId, input.handoverId), eq(tasks.status, 'open')))
          .returning({ id: tasks.id });
        for (const t of closed)
          await appendAudit(tx, {
            action: 'cancel',
            objectType: 'task',
            objectId: t.id,
            outcome: 'success',
            detail: { reason: input.reason },
          });
        await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: 'cancelled',
          step: 'cancelled',
          by: input,
          action: 'cancel',
          detail: { reason: input.reason },
          set: { status: 'cancelled', currentStep: 'cancelled', cancelReason: input.reason, closedAt: new Date() },
        });
      });
    },

    /** Moves the due date: the handover and its open tasks follow, and are no longer overdue. */
    async changeHandoverDue(
      input: { handoverId: string; change: number; dueAt: string; remindAt: string[]; reason: string } & ActedBy,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const applied = await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: `extend-${input.change}`,
          step: 'due_extended',
          by: input,
          action: 'extend',
          detail: { dueAt: input.dueAt, reason: input.reason },
          set: { dueAt: new Date(input.dueAt), overdue: false },
        });
        if (applied)
          await tx
            .update(tasks)
            .set({
              dueAt: new Date(input.dueAt),
              remindAt: input.remindAt,
              overdue: false,
              escalatedAt: null,
              updatedAt: sql`now()`,
            })
            .where(
              and(
                eq(tasks.workflowId, input.handoverId),
                eq(tasks.status, 'open'),
                ne(tasks.type, 'handover_escalation'),
              ),
            );
      });
    },

    /** Shows a reminder on every open task of the handover. */
    async remindHandoverTasks(input: { handoverId: string; at: string; change: number }): Promise<void> {
      await db.transaction(async (tx) => {
        const applied = await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: `remind-${input.change}`,
          step: 'reminded',
          action: 'remind',
          detail: { at: input.at },
        });
        if (applied)
          await tx
            .update(tasks)
            .set({ lastRemindedAt: new Date(input.at), updatedAt: sql`now()` })
            .where(and(eq(tasks.workflowId, input.handoverId), eq(tasks.status, 'open')));
      });
    },

    /** Marks the handover and its open tasks overdue. */
    async markHandoverOverdue(input: { handoverId: string; change: number }): Promise<void> {
      await db.transaction(async (tx) => {
        const applied = await applyStep(tx, {
          handoverId: input.handoverId,
          eventKey: `overdue-${input.change}`,
          step: 'overdue',
          action: 'overdue',
          set: { overdue: true },
        });
        if (applied)
          await tx
            .update(tasks)
            .set({ overdue: true, escalatedAt: sql`now()`, updatedAt: sql`now()` })
            .where(and(eq(tasks.workflowId, input.handoverId), eq(tasks.status, 'open')));
      });
    },
  };
}
