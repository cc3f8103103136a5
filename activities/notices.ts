// The notice process's writes: each step moves the `notices` projection the API reads, with its
// audit row, in one transaction. Every write names the stages it may move from, so a retried or
// late activity changes nothing and a received or failed notice never moves back.
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import { notices, type Notice } from '../db/schema.js';
import { CLOSED_NOTICE_STAGES, type NoticeStage } from '../domain/notices.js';
import { FAILURE_TYPES } from '../domain/tasks.js';

type NoticeChange = Partial<
  Pick<Notice, 'stage' | 'documentId' | 'number' | 'dueAt' | 'overdue' | 'receivedBy' | 'receivedAt'>
>;

export function createNoticeActivities(db: Db) {
  /** Applies `set` when the notice is in one of `from`; audits the change once. Throws when the row is missing. */
  async function move(
    noticeId: string,
    from: readonly NoticeStage[],
    set: NoticeChange,
    action: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(notices)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(notices.id, noticeId), inArray(notices.stage, [...from])))
        .returning({ id: notices.id });
      if (row) {
        await appendAudit(tx, { action, objectType: 'notice', objectId: noticeId, outcome: 'success', detail });
        return;
      }
      const [exists] = await tx.select({ id: notices.id }).from(notices).where(eq(notices.id, noticeId));
      // The row is written before the workflow starts (api/notices/routes.ts); without it the
      // start was compensated and this process can never succeed.
      if (!exists)
        throw ApplicationFailure.nonRetryable(
          `通知 ${noticeId} 不存在：流程启动未完成，已撤销。`,
          FAILURE_TYPES.recordMissing,
        );
    });
  }

  return {
    /** The receipt deadline, once known (computed from the policy when the request gave none). */
    async recordNoticeDue(input: { noticeId: string; dueAt: string }): Promise<void> {
      await move(input.noticeId, ['issuing'], { dueAt: new Date(input.dueAt) }, 'set_due', { dueAt: input.dueAt });
    },

    /** The numbered notice is issued: it now waits for the recipient's receipt. */
    async recordNoticeIssued(input: { noticeId: string; documentId: string; number: string }): Promise<void> {
      await move(
        input.noticeId,
        ['issuing'],
        { stage: 'awaiting_receipt', documentId: input.documentId, number: input.number },
        'issue',
        { documentId: input.documentId, number: input.number },
      );
    },

    /** The deadline passed with no receipt. */
    async markNoticeOverdue(noticeId: string): Promise<void> {
      await move(noticeId, ['awaiting_receipt'], { overdue: true }, 'overdue');
    },

    /** The recipient signed for it (签收). */
    async recordNoticeReceived(input: { noticeId: string; receivedBy: string; receivedAt: string }): Promise<void> {
      await move(
        input.noticeId,
        ['issuing', 'awaiting_receipt'],
        { stage: 'received', receivedBy: input.receivedBy, receivedAt: new Date(input.receivedAt) },
        'receive',
        { receivedBy: input.receivedBy },
      );
    },

    /** The process failed for good (a business failure): the page says so instead of "issuing". */
    async recordNoticeFailed(input: { noticeId: string; reason: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(notices)
          .set({ stage: 'failed', updatedAt: sql`now()` })
          .where(and(eq(notices.id, input.noticeId), notInArray(notices.stage, [...CLOSED_NOTICE_STAGES])))
          .returning({ id: notices.id });
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
