// The database roles (000 第二十九条; 004 8.2.4): migrations run as the role owning the tables; the
// running API and worker connect as a role that is neither superuser nor owner. On the audit tables
// it may only INSERT and SELECT, and since only an owner or superuser can ALTER TABLE ... DISABLE
// TRIGGER, it cannot lift the append-only triggers either.
import postgres from 'postgres';

/** The application role of the embedded database and of the test suite. */
export const APP_ROLE = 'duban_app';

/** Tables the application may only append to and read. */
export const APPEND_ONLY_TABLES = ['audit_events', 'audit_seals'] as const;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The role name in a postgres:// URL. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** `url` with another role and password. */
export function withRole(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Creates the login role unless it exists (run with a role allowed to CREATE ROLE). Roles are
 * cluster-wide: when several processes create it at once, the losers' errors mean "it exists".
 */
export async function ensureAppRole(adminUrl: string, role: string, password: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_roles where rolname = ${role}`;
    if (exists) return;
    await sql
      .unsafe(
        `create role ${ident(role)} login nosuperuser nocreatedb nocreaterole noinherit password ${literal(password)}`,
      )
      .catch((err: unknown) => {
        // 42710 duplicate_object; 23505 the race on pg_authid's unique index; XX000 "tuple concurrently updated".
        const code = (err as { code?: string }).code;
        if (code !== '42710' && code !== '23505' && code !== 'XX000') throw err;
      });
  } finally {
    await sql.end();
  }
}

/**
 * Grants the application role what it needs, as the owner after each migration (so new tables are
 * covered): all DML on the ordinary tables, only INSERT and SELECT on the append-only ones.
 */
export async function grantAppRole(ownerSql: postgres.Sql, role: string): Promise<void> {
  const r = ident(role);
  const appendOnly = APPEND_ONLY_TABLES.map(ident).join(', ');
  await ownerSql.begin(async (tx) => {
    await tx.unsafe(`grant usage on schema public to ${r}`);
    await tx.unsafe(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await tx.unsafe(`grant usage, select on all sequences in schema public to ${r}`);
    await tx.unsafe(`revoke update, delete, truncate, references, trigger on ${appendOnly} from ${r}`);
  });
}

/** Why the connected role is too powerful to run the application (empty when it is not). */
export async function excessPrivileges(sql: postgres.Sql): Promise<string[]> {
  const [row] = await sql<{ superuser: boolean; owner: boolean }[]>`
    select r.rolsuper as superuser,
           exists (select 1 from pg_tables t where t.schemaname = 'public' and t.tablename = 'audit_events' and pg_has_role(current_user, t.tableowner, 'usage')) as owner
    from pg_roles r where r.rolname = current_user`;
  return [...(row?.superuser ? ['superuser'] : []), ...(row?.owner ? ['owner of audit_events'] : [])];
}
