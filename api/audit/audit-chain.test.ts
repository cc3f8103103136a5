// The chain itself (000 第二十九条; 004 8.2.4), below the API: sealing order, stored values, the key.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { appendAudit, type AuditEntry } from '../../db/audit.js';
import { auditContent, GENESIS_HASH, sealAuditEvents } from '../../db/audit-seal.js';
import { verifyAuditChain } from '../../db/audit-verify.js';
import * as schema from '../../db/schema.js';
import { auditEvents, auditSeals } from '../../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';

const KEY = 'audit-chain-test-key-0123456789abcdef';
const entry = (i: number): AuditEntry => ({
  action: 'read',
  objectType: 'test',
  objectId: i,
  outcome: 'success',
  requestId: `chain-${i}`,
});

describe('audit chain', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('an event committed after later ones is sealed in the order it became visible, and the chain verifies', async () => {
    database = await createTestDatabase();
    const { db } = database;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const early = new Promise<void>((r) => (appended = r));
    const slow = db.transaction(async (tx) => {
      await appendAudit(tx, entry(1));
      appended();
      await held;
    });
    await early;
    await appendAudit(db, entry(2));
    expect(await sealAuditEvents(db, KEY)).toBe(1);
    release();
    await slow;
    expect(await sealAuditEvents(db, KEY)).toBe(1);
    const order = await db
      .select({ position: auditSeals.position, requestId: auditEvents.requestId })
      .from(auditSeals)
      .innerJoin(auditEvents, eq(auditEvents.seq, auditSeals.eventSeq))
      .orderBy(asc(auditSeals.position));
    expect(order).toEqual([
      { position: 1, requestId: 'chain-2' },
      { position: 2, requestId: 'chain-1' },
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 2 });
  });

  it('sealers racing each other and the writers never fork the chain', async () => {
    database = await createTestDatabase();
    const { db } = database;
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => appendAudit(db, entry(i))),
      ...Array.from({ length: 10 }, () => sealAuditEvents(db, KEY)),
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 100, verifiedRanges: { total: 1 } });
  });

  it('a lone surrogate in the username or detail is stored as U+FFFD and the chain still verifies', async () => {
    database = await createTestDatabase();
    const { db } = database;
    await appendAudit(db, {
      ...entry(1),
      action: 'login',
      attemptedUsername: 'a\ud800',
      detail: { reason: 'x\udc00y', tried: ['\ud83d', '\ud83d\ude00'] },
    });
    const [row] = await db.select().from(auditEvents);
    expect(row).toMatchObject({ actorUsername: 'a\ufffd', detail: { reason: 'x\ufffdy', tried: ['\ufffd', '😀'] } });
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 1 });
  });

  it('an edited row whose chain was recomputed without the key (plain sha256) is reported', async () => {
    database = await createTestDatabase();
    const { db } = database;
    for (let i = 0; i < 5; i++) await appendAudit(db, entry(i));
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 5 });
    // The owner lifts the triggers, edits the third event and rewrites every later seal consistently.
    const owner = drizzle(database.ownerSql, { schema });
    await owner.transaction(async (tx) => {
      await tx.execute('alter table audit_events disable trigger audit_events_append_only');
      await tx.execute('alter table audit_seals disable trigger audit_seals_append_only');
      const seals = await tx.select().from(auditSeals).orderBy(asc(auditSeals.position));
      await tx
        .update(auditEvents)
        .set({ actorUsername: 'someone.else' })
        .where(eq(auditEvents.seq, seals[2]!.eventSeq));
      let prev = seals[1]!.hash;
      for (const seal of seals.slice(2)) {
        const [event] = await tx.select().from(auditEvents).where(eq(auditEvents.seq, seal.eventSeq));
        const hash = createHash('sha256').update(prev).update('\n').update(auditContent(event!)).digest('hex');
        await tx.update(auditSeals).set({ prevHash: prev, hash }).where(eq(auditSeals.position, seal.position));
        prev = hash;
      }
      await tx.execute('alter table audit_events enable trigger audit_events_append_only');
      await tx.execute('alter table audit_seals enable trigger audit_seals_append_only');
    });
    const verdict = await verifyAuditChain(db, KEY);
    expect(verdict).toMatchObject({
      ok: false,
      broken: { total: 3 },
      verifiedRanges: { total: 1, items: [{ fromPosition: 1, toPosition: 2 }] },
    });
    expect(verdict.broken.items.map((b) => [b.position, b.problems.map((p) => p.code)])).toEqual([
      [3, ['row_altered']],
      [4, ['row_altered']],
      [5, ['row_altered']],
    ]);
  });

  it('a removed seal and a relinked one are reported, not skipped; a second chain from the start is refused', async () => {
    database = await createTestDatabase();
    const { db } = database;
    for (let i = 0; i < 4; i++) await appendAudit(db, entry(i));
    await sealAuditEvents(db, KEY);
    await database.ownerSql.begin(async (tx) => {
      await tx`alter table audit_seals disable trigger audit_seals_append_only`;
      await tx`delete from audit_seals where position = 2`;
      await tx`update audit_seals set prev_hash = ${'f'.repeat(64)} where position = 4`;
      await tx`alter table audit_seals enable trigger audit_seals_append_only`;
    });
    // A fork back to the start cannot even be stored: prev_hash is unique.
    await expect(
      database.ownerSql`insert into audit_seals (position, event_seq, prev_hash, hash) values (99, ${(await db.select().from(auditSeals))[0]!.eventSeq}, ${GENESIS_HASH}, 'x')`,
    ).rejects.toThrow(/unique/);
    const verdict = await verifyAuditChain(db, KEY);
    // The event of the removed seal is sealed again at the end (position 5), which verifies.
    expect(verdict.broken.items.map((b) => [b.position, b.problems.map((p) => p.code)])).toEqual([
      [3, ['seal_missing', 'link_broken']],
      [4, ['link_broken', 'row_altered']],
    ]);
    expect(verdict.verifiedRanges.items).toMatchObject([
      { fromPosition: 1, toPosition: 1 },
      { fromPosition: 5, toPosition: 5 },
    ]);
  });
});
