// The in-process session cache (api/auth/sessions.ts) across two API processes sharing one database:
// a revocation anywhere is refused everywhere as soon as the commit's notification arrives.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../app.js';
import { SessionCache } from './sessions.js';
import { connectDatabase, type Database } from '../../db/client.js';
import { createLogger } from '../../config/logger.js';
import { sessions, users } from '../../db/schema.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { createTestApp, fromPeer, TEST_PROXY, type TestApp } from '../../test/support/app.js';

/** One API process: its own pool, its own cache and LISTEN connection, the same database. */
interface Replica {
  app: ReturnType<typeof createApp>;
  database: Database;
  cache: SessionCache;
}

/** Waits for `check` to hold, up to a deadline far beyond the cache's own TTL-free behaviour (no speed is asserted). */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('session cache across API processes', () => {
  let t: TestApp;
  let a: Replica;
  let b: Replica;
  const replica = async (): Promise<Replica> => {
    const database = connectDatabase(t.database.url, { max: 3 });
    // An hour's TTL: within these tests only a notification (or expiry) can end a cached session.
    const cache = new SessionCache(t.database.url, { ttlMs: 3_600_000 });
    await cache.ready;
    const app = createApp({
      db: database.db,
      sql: database.sql,
      temporal: t.temporal,
      renderer: t.renderer,
      logger: createLogger('silent'),
      env: t.env,
      sessionCache: cache,
    });
    return { app, database, cache };
  };
  beforeAll(async () => {
    t = await createTestApp();
    a = await replica();
    b = await replica();
  });
  afterAll(async () => {
    for (const r of [a, b]) {
      await r?.cache.close();
      await r?.database.close();
    }
    await t?.close();
  });

  const request = (r: Replica, token: string, path: string, method = 'GET', body?: unknown) =>
    r.app.request(
      path,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-forwarded-for': '10.0.0.7',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      },
      fromPeer(TEST_PROXY),
    );
  const login = async (r: Replica, username: string): Promise<string> => {
    const res = await r.app.request(
      '/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.7' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      },
      fromPeer(TEST_PROXY),
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  const status = async (r: Replica, token: string) => (await request(r, token, '/auth/me')).status;
  /** Signed in through A, then answered by B from its cache (B's hit count proves it). */
  const cachedInB = async (username: string): Promise<string> => {
    const token = await login(a, username);
    expect(await status(b, token)).toBe(200);
    const hits = b.cache.hits;
    expect(await status(b, token)).toBe(200);
    expect(b.cache.hits).toBe(hits + 1);
    return token;
  };
  const userId = async (username: string) =>
    (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;

  it('a replica answers a known session from its cache, not the database', async () => {
    const token = await cachedInB('jscdc.staff');
    // The cache answers for the session's user only.
    const me = (await (await request(b, token, '/auth/me')).json()) as { username: string };
    expect(me.username).toBe('jscdc.staff');
    expect(await status(b, randomBytes(32).toString('base64url'))).toBe(401);
  });

  it('a logout in A is refused in A at once and in B when the commit is notified', async () => {
    const token = await cachedInB('jshosp.staff');
    expect((await request(a, token, '/auth/logout', 'POST')).status).toBe(204);
    expect(await status(a, token)).toBe(401);
    await eventually(async () => (await status(b, token)) === 401, 'B refuses the logged-out token');
  });

  it('100 concurrent requests in B racing a logout in A: each answers 200 or 401, and after the notice every one is 401', async () => {
    const token = await cachedInB('lyhosp.staff');
    const racing = Array.from({ length: 100 }, () => status(b, token));
    expect((await request(a, token, '/auth/logout', 'POST')).status).toBe(204);
    for (const s of await Promise.all(racing)) expect([200, 401]).toContain(s);
    await eventually(async () => (await status(b, token)) === 401, 'B refuses the logged-out token');
    // No lookup that overlapped the notice put the session back into B's cache.
    const after = await Promise.all(Array.from({ length: 100 }, () => status(b, token)));
    expect(new Set(after)).toEqual(new Set([401]));
  });

  it("disabling a user in A ends the user's sessions in B; a role change reaches B's answer", async () => {
    const admin = await login(a, 'admin');
    const leader = await cachedInB('jshosp.leader');
    const id = await userId('jshosp.leader');
    const changed = await request(a, admin, `/users/${id}`, 'PATCH', { roles: ['unit_leader', 'unit_staff'] });
    expect(changed.status).toBe(200);
    await eventually(async () => {
      const me = (await (await request(b, leader, '/auth/me')).json()) as { roles: string[] };
      return me.roles.includes('unit_staff');
    }, "B answers the user's new roles");
    expect((await request(a, admin, `/users/${id}`, 'PATCH', { status: 'disabled' })).status).toBe(200);
    await eventually(async () => (await status(b, leader)) === 401, 'B refuses the disabled user');
  });

  it('a change made straight in the database (a revoked session, a disabled user) reaches every replica', async () => {
    const token = await cachedInB('jscdc.leader');
    const sameInA = await status(a, token);
    expect(sameInA).toBe(200);
    await t.database.ownerSql`update users set status = 'disabled' where username = 'jscdc.leader'`;
    await eventually(async () => (await status(b, token)) === 401, 'B refuses the user disabled by SQL');
    await eventually(async () => (await status(a, token)) === 401, 'A refuses the user disabled by SQL');
    await t.database.ownerSql`update users set status = 'active' where username = 'jscdc.leader'`;
    // The session itself was never revoked: active again, it is accepted again.
    expect(await status(b, token)).toBe(200);
    await t.database.ownerSql`update sessions set revoked_at = now() where user_id = ${await userId('jscdc.leader')}`;
    await eventually(async () => (await status(b, token)) === 401, 'B refuses the session revoked by SQL');
  });

  it("a cached session ends at the session's own expiry", async () => {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + 1_500);
    await t.database.db.insert(sessions).values({
      tokenHash: createHash('sha256').update(token).digest('hex'),
      userId: await userId('zz.official'),
      expiresAt,
      sourceIp: '10.0.0.7',
    });
    expect(await status(b, token)).toBe(200);
    const hits = b.cache.hits;
    expect(await status(b, token)).toBe(200);
    expect(b.cache.hits).toBe(hits + 1);
    await eventually(() => Date.now() > expiresAt.getTime(), 'the session expires');
    expect(await status(b, token)).toBe(401);
  });

  it('a lost LISTEN connection empties the cache; it answers again only once listening anew', async () => {
    const token = await cachedInB('prov.inspector');
    // Terminate B's listening connection (A's too: both listen on the same channel).
    const killed = await t.database.ownerSql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query ilike 'LISTEN session_grants%'`;
    expect(killed.length).toBeGreaterThan(0);
    await eventually(() => !b.cache.isListening, 'B notices its lost connection');
    // While nobody listens, the session is revoked: no notification reaches B ...
    await t.database.ownerSql`update sessions set revoked_at = now() where user_id = ${await userId('prov.inspector')}`;
    // ... yet B refuses it, now (it asks the database) and after listening again (it started empty).
    expect(await status(b, token)).toBe(401);
    await eventually(() => b.cache.isListening && a.cache.isListening, 'both listen again');
    expect(await status(b, token)).toBe(401);
    const fresh = await cachedInB('prov.auditor');
    expect(fresh).toBeTruthy();
  });
});
