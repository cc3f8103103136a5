// Everything a database needs before the system runs on it, done once however many processes start.
import type { Env } from '../config/env.js';
import { connectDatabase } from './client.js';
import { migrateAsOwner } from './migrate.js';
import { ensureDefaultPolicies } from './default-policies.js';
import { ensureDefaultChecklist } from './default-checklist.js';
import { seedDemoData, type DemoLogin } from './seed.js';
import { users } from './schema.js';

export interface PreparedDatabase {
  /** Demo logins (demo mode only). */
  demo: { firstStart: boolean; logins: DemoLogin[]; password: string } | undefined;
  /** Whether any user exists; outside demo mode the first administrator comes from `npm run admin:create`. */
  hasUsers: boolean;
}

/**
 * Migrations, default policies and checklist, and (demo mode) demo data, run once for all processes
 * under the migration lock (db/migrate.ts): replicas starting together neither race nor repeat them.
 */
export async function prepareDatabase(
  env: Pick<Env, 'DUBAN_DEMO'>,
  ownerUrl: string,
  appUrl: string,
): Promise<PreparedDatabase> {
  let demo: PreparedDatabase['demo'];
  let hasUsers = false;
  await migrateAsOwner(ownerUrl, appUrl, async () => {
    const app = connectDatabase(appUrl, { max: 1 });
    try {
      await ensureDefaultPolicies(app.db);
      await ensureDefaultChecklist(app.db);
      if (env.DUBAN_DEMO) {
        const seeded = await seedDemoData(app.db);
        demo = { firstStart: seeded.created > 0, logins: seeded.logins, password: seeded.password };
      }
      hasUsers = (await app.db.select({ id: users.id }).from(users).limit(1)).length > 0;
    } finally {
      await app.close();
    }
  });
  return { demo, hasUsers };
}
