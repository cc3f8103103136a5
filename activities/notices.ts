// The writes of notices issued before a notice became the one-recipient circular: their
// noticeReceiptWorkflow runs on to its end and moves the same `circulars` / `circular_recipients`
// rows POST /notices now writes (the migration copied each notice there). Each write names the
// stages it may move from, so a retried or late activity changes nothing and a received or failed
// notice never moves back.
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit, type Tx } from '../db/audit.js';
import { circularRecipients, circulars, type Circular } from '../db/schema.js';
import type { CircularStage } from '../domain/circulars.js';
import { FAILURE_TYPES } from '../domain/tasks.js';

type NoticeChange = Partial<Pick<Circular, 'stage' | 'documentId' | 'number' | 'receiptDueAt'>>;

export function createNoticeActivities(db: Db) {
  /** Throws when the notice's row is missing: its start was compensated and this process can never succeed. */
  async function mustExist(tx: Tx, noticeId: string): Promise<void> {
    const [exists] = await tx.select({ id: circulars.id }).from(circulars).where(eq(circulars.id, noticeId));
    if (!exists)
      throw ApplicationFailure.nonRetryable(
        `通知 ${noticeId} 不存在：流程启动未完成，已撤销。`,
        FAILURE_TYPES.recordMissing,
      );
  }

  /** Applies `set` when the notice is in one of `from`; audits the change once. */
  async function move(
    noticeId: string,
    from: readonly CircularStage[],
    set: NoticeChange,
    action: string,
    detail?: Record<string, unknown>,
    alsoInTx?: (tx: Tx) => Promise<unknown>,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(circulars)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(circulars.id, noticeId), inArray(circulars.stage, [...from])))
        .returning({ id: circulars.id });
      if (!row) return mustExist(tx, noticeId);
      await alsoInTx?.(tx);
      await appendAudit(tx, { action, objectType: 'notice', objectId: noticeId, outcome: 'success', detail });
    });
  }

  return {
    /** The receipt deadline, once known (computed from the policy when the request gave none). */
    async recordNoticeDue(input: { noticeId: string; dueAt: string }): Promise<void> {
      await move(input.noticeId, ['issuing'], { receiptDueAt: new Date(input.dueAt) }, 'set_due', {
        dueAt: input.dueAt,
      });
    },

    /** The numbered notice is issued: it now waits for the recipient's receipt. */
    async recordNoticeIssued(input: { noticeId: string; documentId: string; number: string }): Promise<void> {
      await move(
        input.noticeId,
        ['issuing'],
        { stage: 'distributed', documentId: input.documentId, number: input.number },
        'issue',
        { documentId: input.documentId, number: input.number },
      );
    },

    /** The deadline passed with no receipt. */
    async markNoticeOverdue(noticeId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(circularRecipients)
          .set({ overdue: true })
          .where(
            and(
              eq(circularRecipients.circularId, noticeId),
              isNull(circularRecipients.receivedAt),
              eq(circularRecipients.overdue, false),
            ),
          )
          .returning({ unitId: circularRecipients.unitId });
        if (!row) return mustExist(tx, noticeId);
        await appendAudit(tx, { action: 'overdue', objectType: 'notice', objectId: noticeId, outcome: 'success' });
      });
    },

    /** The recipient signed for it (签收). */
    async recordNoticeReceived(input: { noticeId: string; receivedBy: string; receivedAt: string }): Promise<void> {
      await move(
        input.noticeId,
        ['issuing', 'distributed'],
        { stage: 'closed' },
        'receive',
        { receivedBy: input.receivedBy },
        (tx) =>
          tx
            .update(circularRecipients)
            .set({ receivedBy: input.receivedBy, receivedAt: new Date(input.receivedAt) })
            .where(eq(circularRecipients.circularId, input.noticeId)),
      );
    },

    /** The process failed for good (a business failure): the page says so instead of "issuing". */
    async recordNoticeFailed(input: { noticeId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(circulars)
          .set({ stage: 'failed', updatedAt: sql`now()` })
          .where(and(eq(circulars.id, input.noticeId), notInArray(circulars.stage, ['closed', 'failed'])))
          .returning({ id: circulars.id });
        if (row)
          await appendAudit(tx, {
            action: 'fail',
            objectType: 'notice',
            objectId: input.noticeId,
            outcome: 'failure',
            detail: { reason: input.reason },
          });
      });
    },
  };
}
