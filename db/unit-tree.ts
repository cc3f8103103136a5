// Reading the jurisdiction tree (units.path, e.g. "/1/4/9/"): who supervises a unit.
import { and, eq, inArray } from 'drizzle-orm';
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
