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

/**
 * Migrates over a short-lived owner connection, then grants the application role (from `appUrl`) its
 * rights. drizzle's migrator takes no lock, so two processes starting at once (API replicas, workers,
 * `npm run migrate`) would both apply the same migration: the whole step runs under a session-level
 * advisory lock on the owner's single connection. Whoever comes second waits, then finds nothing to do.
 */
export async function migrateAsOwner(
  ownerUrl: string,
  appUrl: string,
  /** Runs after the grants, still under the lock (default data that must be inserted once). */
  then?: () => Promise<void>,
): Promise<void> {
  const owner = connectDatabase(ownerUrl, { max: 1 });
  try {
    await owner.sql`select pg_advisory_lock(hashtext('duban:migrations'))`;
    try {
      await runMigrations(owner.db);
      if (roleOf(ownerUrl) !== roleOf(appUrl)) await grantAppRole(owner.sql, roleOf(appUrl));
      await then?.();
    } finally {
      await owner.sql`select pg_advisory_unlock(hashtext('duban:migrations'))`;
    }
  } finally {
    await owner.close();
  }
}
