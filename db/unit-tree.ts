// Reading the jurisdiction tree (units.path, e.g. "/1/4/9/"): who supervises a unit.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { units, type Unit } from './schema.js';

/**
 * The commissions above `unit`, nearest first (county, city, province): the first supervises the
 * unit (属地管理) and each reports to the next.
 */
export async function commissionsAbove(db: Pick<Db, 'select'>, unit: Pick<Unit, 'id' | 'path'>): Promise<Unit[]> {
  const ancestorIds = unit.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== unit.id);
  if (ancestorIds.length === 0) return [];
  const rows = await db
    .select()
    .from(units)
    .where(and(inArray(units.id, ancestorIds), eq(units.kind, 'commission')));
  return rows.sort((a, b) => b.path.length - a.path.length);
}

/** Unit `unitId` and the commissions above it (nearest first), in one round trip; undefined when there is no such unit. */
export async function unitAndCommissionsAbove(
  db: Pick<Db, 'select'>,
  unitId: number,
): Promise<{ unit: Unit; commissions: Unit[] } | undefined> {
  const own = db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  const rows = await db
    .select()
    .from(units)
    .where(
      or(
        eq(units.id, unitId),
        and(
          eq(units.kind, 'commission'),
          sql`${units.id}::text = any(string_to_array(trim(both '/' from (${own})), '/'))`,
        ),
      ),
    );
  const unit = rows.find((u) => u.id === unitId);
  if (!unit) return undefined;
  const commissions = rows.filter((u) => u.id !== unitId).sort((a, b) => b.path.length - a.path.length);
  return { unit, commissions };
}
