// Starts noticeReceiptWorkflow as POST /notices did before a notice became the one-recipient circular:
// the tests of the human-task mechanism (one task, one Update, reminders, escalation) drive it, and
// notices issued before the change still run in it. Its rows are the circular's (activities/notices.ts).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { circularRecipients, circulars, units, users } from '../../db/schema.js';
import type { TestApp } from './app.js';

export async function startNoticeReceipt(
  t: TestApp,
  notice: {
    recipientUnitId: number;
    title: string;
    paragraphs: string[];
    dueAt?: string;
    remindBeforeSeconds?: number;
  },
  issuer = 'jinshui.official',
): Promise<{ id: string }> {
  const db = t.database.db;
  const [official] = await db.select().from(users).where(eq(users.username, issuer));
  const [recipient] = await db.select().from(units).where(eq(units.id, notice.recipientUnitId));
  const id = `notice-${randomUUID()}`;
  await db.insert(circulars).values({
    id,
    issuingUnitId: official!.unitId,
    kind: 'notice',
    title: notice.title,
    paragraphs: notice.paragraphs,
    recipientText: recipient!.name,
    recipientCount: 1,
    stage: 'issuing',
    drafterUserId: official!.id,
  });
  await db.insert(circularRecipients).values({ circularId: id, unitId: recipient!.id });
  await t.temporal.workflow.start('noticeReceiptWorkflow', {
    workflowId: id,
    taskQueue: t.env.TEMPORAL_TASK_QUEUE,
    args: [
      {
        issuingUnitId: official!.unitId,
        recipientUnitId: recipient!.id,
        recipientName: recipient!.name,
        title: notice.title,
        paragraphs: notice.paragraphs,
        deadlinePolicy: 'notice.receipt',
        dueAt: notice.dueAt,
        remindBeforeMs: (notice.remindBeforeSeconds ?? 86_400) * 1000,
        issuedBy: {
          userId: official!.id,
          username: official!.username,
          realName: official!.realName,
          unitId: official!.unitId,
          roles: official!.roles,
        },
      },
    ],
  });
  return { id };
}
