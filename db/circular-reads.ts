// "Read" in a circular's receipt table (通报; issue 13): the first time a user of a recipient unit
// opens the circular (GET /circulars/{id}) or its PDF (GET /documents/{id}). One statement: of many
// users opening it at once, the first one's name stays.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { circularRecipients } from './schema.js';

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
