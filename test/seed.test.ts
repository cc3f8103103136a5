import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemoData } from '../db/seed.js';
import { units, users } from '../db/schema.js';
import { ROLES } from '../domain/identity.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('demo data', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('builds the jurisdiction and a user for every role once; a second run adds nothing', async () => {
    const first = await seedDemoData(database.db);
    expect(first.created).toBeGreaterThan(0);
    const second = await seedDemoData(database.db);
    expect(second.created).toBe(0);

    const all = await database.db.select().from(units);
    const depth = (path: string) => path.split('/').filter(Boolean).length;
    expect(all.filter((u) => depth(u.path) === 1)).toHaveLength(1); // the province
    expect(all.filter((u) => u.kind === 'commission' && depth(u.path) === 2)).toHaveLength(2); // cities
    expect(all.filter((u) => u.kind === 'commission' && depth(u.path) === 3)).toHaveLength(4); // counties
    const institutions = all.filter((u) => u.kind !== 'commission');
    expect(institutions).toHaveLength(12);
    expect(new Set(institutions.map((u) => u.kind))).toEqual(new Set(['hospital', 'cdc', 'info_center']));

    const roles = await database.db.execute<{ role: string }>(
      sql`select distinct unnest(${users.roles})::text as role from ${users}`,
    );
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(ROLES));
  });
});
