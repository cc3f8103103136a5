// Each test file owns a fresh database built by running the committed migrations as the owner; the
// file's code then connects as the restricted application role, as the running system does.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { APP_ROLE, ensureAppRole, grantAppRole, withRole } from '../../db/app-role.js';

export interface TestDatabase extends Database {
  /** The application role's URL (what DATABASE_URL is for the system under test). */
  url: string;
  /** The owner's URL (DATABASE_OWNER_URL): migrations, and tests acting as an attacker with owner rights. */
  ownerUrl: string;
  /** A connection as the owner of the tables. */
  ownerSql: postgres.Sql;
  drop(): Promise<void>;
}

const APP_PASSWORD = 'duban-app-test';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `duban_t_${randomBytes(6).toString('hex')}`;
  await ensureAppRole(adminUrl, APP_ROLE, APP_PASSWORD);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const ownerUrl = withDatabase(adminUrl, name);
  const owner = connectDatabase(ownerUrl, { max: 2 });
  await runMigrations(owner.db);
  await grantAppRole(owner.sql, APP_ROLE);
  const url = withRole(ownerUrl, APP_ROLE, APP_PASSWORD);
  const database = connectDatabase(url, { max: 20 });
  return {
    ...database,
    url,
    ownerUrl,
    ownerSql: owner.sql,
    async drop() {
      await database.close();
      await owner.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
