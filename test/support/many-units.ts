// Many institutions under one commission, each with a unit_staff user and a session, for scale
// tests and the inspection benchmark. Inserted in bulk: one password hash, sessions written
// directly (login's scrypt check per user would dominate the timing).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { units, users } from '../../db/schema.js';
import { hashPassword } from '../../api/auth/password.js';
import { createSession } from '../../api/auth/sessions.js';
import { DEMO_PASSWORD } from '../../db/seed.js';

export interface ManyUnits {
  rootId: number;
  unitIds: number[];
  /** Session token of each unit's staff user, by unit id. */
  staffTokens: Map<number, string>;
}

/** Creates a county commission `name` under `parentName` with `count` hospitals and their staff. */
export async function createManyUnits(db: Db, parentName: string, name: string, count: number): Promise<ManyUnits> {
  const [parent] = await db.select().from(units).where(eq(units.name, parentName));
  if (!parent) throw new Error(`no unit ${parentName}`);
  const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
  const [root] = await db
    .insert(units)
    .values({ orgCode: `11BENCH${tag}0000A`, name, kind: 'commission', docPrefix: '压', parentId: parent.id, path: '' })
    .returning();
  await db
    .update(units)
    .set({ path: `${parent.path}${root!.id}/` })
    .where(eq(units.id, root!.id));
  const rootPath = `${parent.path}${root!.id}/`;
  const created = [];
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({
      orgCode: `12B${tag}${String(i + k).padStart(7, '0')}X`,
      name: `${name}第${i + k + 1}医院`,
      kind: 'hospital' as const,
      parentId: root!.id,
      path: '',
    }));
    created.push(...(await db.insert(units).values(batch).returning({ id: units.id })));
  }
  const unitIds = created.map((u) => u.id);
  await db
    .update(units)
    .set({ path: sql`${rootPath} || ${units.id} || '/'` })
    .where(eq(units.parentId, root!.id));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userRows = [];
  for (let i = 0; i < unitIds.length; i += 500) {
    const ids = unitIds.slice(i, i + 500);
    userRows.push(
      ...(await db
        .insert(users)
        .values(
          ids.map((id) => ({
            username: `bench.${tag}.${id}`,
            realName: `压测员${id}`,
            unitId: id,
            roles: ['unit_staff' as const],
            passwordHash,
          })),
        )
        .returning({ id: users.id, unitId: users.unitId })),
    );
  }
  const staffTokens = new Map<number, string>();
  for (const u of userRows) staffTokens.set(u.unitId, (await createSession(db, u.id, '127.0.0.1')).token);
  return { rootId: root!.id, unitIds, staffTokens };
}
