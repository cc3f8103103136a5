// A circular's receipt table (通报; issue 13), and its "read" column: the first time a user of a
// recipient unit opens the circular (GET /circulars/{id}) or its PDF (GET /documents/{id}). One
// statement each: of many users opening it at once, the first one's name stays.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { circularRecipients, circulars, units, users } from './schema.js';
import { CIRCULAR_MAX_RECIPIENTS, receiptState } from '../domain/circulars.js';

const readers = alias(users, 'readers');
const repliers = alias(users, 'repliers');
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Marks `unitId`'s row of circular `circularId` read by `userId`, unless it was read before. */
export async function markCircularRead(db: Db, circularId: string, unitId: number, userId: number): Promise<void> {
  await db
    .update(circularRecipients)
    .set({ readAt: sql`now()`, readByUserId: userId })
    .where(
      and(
        eq(circularRecipients.circularId, circularId),
        eq(circularRecipients.unitId, unitId),
        isNull(circularRecipients.readAt),
      ),
    );
}

/**
 * The receipt table of `circularId` (one unit's row when `unitId` is set) in one query — every row:
 * a circular has at most CIRCULAR_MAX_RECIPIENTS — with its counts summed from the rows.
 */
export async function receiptTable(db: Db, circularId: string, unitId?: number) {
  const rows = await db
    .select({
      unitId: circularRecipients.unitId,
      unitName: units.name,
      receivedAt: circularRecipients.receivedAt,
      receivedBy: circularRecipients.receivedBy,
      readAt: circularRecipients.readAt,
      readBy: readers.realName,
      repliedAt: circularRecipients.repliedAt,
      repliedBy: repliers.realName,
      reply: circularRecipients.reply,
      remindedAt: circularRecipients.remindedAt,
      overdue: circularRecipients.overdue,
    })
    .from(circularRecipients)
    .innerJoin(units, eq(units.id, circularRecipients.unitId))
    .leftJoin(readers, eq(readers.id, circularRecipients.readByUserId))
    .leftJoin(repliers, eq(repliers.id, circularRecipients.repliedByUserId))
    .where(
      and(
        eq(circularRecipients.circularId, circularId),
        unitId === undefined ? undefined : eq(circularRecipients.unitId, unitId),
      ),
    )
    .orderBy(asc(circularRecipients.unitId))
    .limit(CIRCULAR_MAX_RECIPIENTS);
  const counts = { recipients: rows.length, received: 0, read: 0, replied: 0, overdue: 0, reminded: 0 };
  const receipts = rows.map((r) => {
    if (r.receivedAt) counts.received++;
    if (r.readAt) counts.read++;
    if (r.repliedAt) counts.replied++;
    if (r.overdue) counts.overdue++;
    if (r.remindedAt) counts.reminded++;
    return {
      ...r,
      state: receiptState(r),
      receivedAt: iso(r.receivedAt),
      readAt: iso(r.readAt),
      repliedAt: iso(r.repliedAt),
      remindedAt: iso(r.remindedAt),
    };
  });
  return { counts, receipts };
}

/**
 * The circular, distributed to `unitId`, that lists evidence file `fileId` as an 附件: a recipient
 * reads a circular's attachments though they belong to another unit. Undefined when there is none.
 */
export async function circularAttaching(db: Db, unitId: number, fileId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: circulars.id })
    .from(circulars)
    .innerJoin(circularRecipients, eq(circularRecipients.circularId, circulars.id))
    .where(
      and(
        eq(circularRecipients.unitId, unitId),
        inArray(circulars.stage, ['distributed', 'closed']),
        sql`${circulars.attachmentIds} @> ${JSON.stringify([fileId])}::jsonb`,
      ),
    )
    .limit(1);
  return row?.id;
}
