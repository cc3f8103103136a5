import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Db } from './client.js';
import { connectDatabase } from './client.js';
import { grantAppRole, roleOf } from './app-role.js';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the committed drizzle-kit migrations; a no-op when the database is current. */
export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}

/** Migrates over a short-lived owner connection, then grants the application role (from `appUrl`) its rights. */
export async function migrateAsOwner(ownerUrl: string, appUrl: string): Promise<void> {
  const owner = connectDatabase(ownerUrl, { max: 1 });
  try {
    await runMigrations(owner.db);
    if (roleOf(ownerUrl) !== roleOf(appUrl)) await grantAppRole(owner.sql, roleOf(appUrl));
  } finally {
    await owner.close();
  }
}
