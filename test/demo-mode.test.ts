// Demo data and the public demo keys only in demo mode (the embedded default or DUBAN_DEMO=1); a real
// database gets neither, and its first administrator comes from `npm run admin:create`.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ConfigError, DEMO_KEYS, loadEnv } from '../config/env.js';
import { auditEvents, units, users } from '../db/schema.js';
import { verifyPassword } from '../db/passwords.js';
import { prepareDatabase } from '../db/prepare.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { DEPLOYMENT_KEYS, repoRoot, stackEnv } from './support/processes.js';

const REAL_DB = 'postgres://duban_app:secret@db.example.org:5432/duban';

describe('demo mode', () => {
  it('is on for the embedded database, with the demo keys', () => {
    const env = loadEnv({});
    expect(env.DUBAN_DEMO).toBe(true);
    expect(env.ID_HASH_KEY).toBe(DEMO_KEYS.ID_HASH_KEY);
    expect(env.AUDIT_KEY).toBe(DEMO_KEYS.AUDIT_KEY);
  });

  it.each(['ID_HASH_KEY', 'AUDIT_KEY'] as const)(
    'with DATABASE_URL the process refuses to start without its own %s',
    (name) => {
      const others = { ...DEPLOYMENT_KEYS, [name]: undefined };
      expect(() => loadEnv({ DATABASE_URL: REAL_DB, ...others })).toThrow(ConfigError);
      expect(() => loadEnv({ DATABASE_URL: REAL_DB, ...others })).toThrow(
        new RegExp(`^Invalid configuration: ${name} is required outside demo mode`),
      );
      expect(() => loadEnv({ DATABASE_URL: REAL_DB, ...DEPLOYMENT_KEYS, [name]: DEMO_KEYS[name] })).toThrow(
        new RegExp(`^Invalid configuration: ${name} is the public demo key`),
      );
    },
  );

  it('a real deployment runs with its own keys; DUBAN_DEMO=1 brings demo mode to any database', () => {
    const real = loadEnv({ DATABASE_URL: REAL_DB, ...DEPLOYMENT_KEYS });
    expect(real).toMatchObject({ DUBAN_DEMO: false, ...DEPLOYMENT_KEYS });
    expect(loadEnv({ DATABASE_URL: REAL_DB, DUBAN_DEMO: '1' })).toMatchObject({ DUBAN_DEMO: true, ...DEMO_KEYS });
    expect(loadEnv({ DUBAN_DEMO: '0', ...DEPLOYMENT_KEYS }).DUBAN_DEMO).toBe(false);
    expect(() => loadEnv({ DUBAN_DEMO: 'yes' })).toThrow(/^Invalid configuration: DUBAN_DEMO must be 1/);
  });
});

/** Runs `npm run admin:create` (its script directly) with `args`, `stdin` piped in; resolves with its exit and output. */
function adminCreate(env: NodeJS.ProcessEnv, args: string[], stdin: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}

describe('a real database (outside demo mode)', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const ADMIN = ['--username', 'wang.admin', '--real-name', '王建国', '--unit-name', '河南省卫生健康委员会'];
  const ORG = ['--org-code', '11410000MB0000001A', '--doc-prefix', '豫卫'];
  const PASSWORD = 'zhengzhou-harbour-lantern-47';
  beforeAll(async () => {
    database = await createTestDatabase();
    env = stackEnv({ DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, ...DEPLOYMENT_KEYS });
  });
  afterAll(() => database?.drop());

  it('gets no demo data and reports that no user exists yet', async () => {
    const prepared = await prepareDatabase({ DUBAN_DEMO: false }, database.ownerUrl, database.url);
    expect(prepared).toEqual({ demo: undefined, hasUsers: false });
    expect(await database.db.select().from(users)).toEqual([]);
    expect(await database.db.select().from(units)).toEqual([]);
  });

  it('admin:create refuses a password on the command line and a weak one from stdin, writing nothing', async () => {
    const inArgv = await adminCreate(env, [...ADMIN, ...ORG, '--password', PASSWORD], '');
    expect(inArgv.code).toBe(2);
    expect(inArgv.output).toMatch(/does not take the password on the command line/);
    const weak = await adminCreate(env, [...ADMIN, ...ORG], 'duban-admin-2026\n');
    expect(weak.code).toBe(2);
    expect(weak.output).toMatch(/^password refused: /m);
    const missingUnit = await adminCreate(env, ADMIN, `${PASSWORD}\n`);
    expect(missingUnit.code).toBe(2);
    expect(missingUnit.output).toMatch(/--unit-name and --org-code/);
    expect(await database.db.select().from(users)).toEqual([]);
    expect(await database.db.select().from(units)).toEqual([]);
  });

  it('admin:create refuses a username another (non-admin) user holds, with a message and nothing written', async () => {
    const [unit] = await database.db
      .insert(units)
      .values({ orgCode: '11410000MB0000001A', name: '河南省卫生健康委员会', kind: 'commission', path: '' })
      .returning();
    await database.db
      .insert(users)
      .values({ username: 'wang.admin', realName: '王某', unitId: unit!.id, roles: ['official'], passwordHash: 'x' });
    const taken = await adminCreate(env, [...ADMIN, ...ORG], `${PASSWORD}\n`);
    expect(taken.code).toBe(2);
    expect(taken.output).toMatch(/^username wang\.admin is taken/m);
    expect((await database.db.select().from(users)).map((u) => u.roles)).toEqual([['official']]);
    expect(await database.db.select().from(auditEvents)).toEqual([]);
    await database.db.delete(users);
    await database.db.delete(units);
  });

  it('admin:create makes the first administrator and its unit from a password on stdin, once', async () => {
    const created = await adminCreate(env, [...ADMIN, ...ORG], `${PASSWORD}\n`);
    expect(created, created.output).toMatchObject({ code: 0 });
    const [admin] = await database.db.select().from(users);
    expect(admin).toMatchObject({ username: 'wang.admin', realName: '王建国', roles: ['admin'] });
    expect(await verifyPassword(PASSWORD, admin!.passwordHash)).toBe(true);
    const [unit] = await database.db.select().from(units).where(eq(units.id, admin!.unitId));
    expect(unit).toMatchObject({ orgCode: '11410000MB0000001A', kind: 'commission', path: `/${unit!.id}/` });
    const audit = await database.db.select().from(auditEvents);
    expect(audit.map((e) => [e.action, e.objectType, e.outcome])).toEqual([
      ['create', 'unit', 'success'],
      ['create', 'user', 'success'],
    ]);

    const again = await adminCreate(
      env,
      ['--username', 'li.admin', '--real-name', '李卫民', '--unit-name', 'x', ...ORG],
      `${PASSWORD}\n`,
    );
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/an administrator exists already \(wang\.admin\)/);
    expect(await database.db.select().from(users)).toHaveLength(1);
  });
});
