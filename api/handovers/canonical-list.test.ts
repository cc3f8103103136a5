// The signed transfer list can be checked by anyone (issue 11 item 7): GET /handovers/{id}/canonical-list
// returns the exact bytes hashed for signing; their sha256, computed here, is the hash both leaders signed.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { handoverSignatures } from '../../db/schema.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { createHandoverParties, sampleItems, signedHandover } from '../../test/support/handovers.js';

describe('handover canonical list', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  it('downloads the bytes both leaders signed: sha256 recomputed here matches the signatures; outsiders get 404', async () => {
    const p = await createHandoverParties(t);
    const res = await p.official.post('/handovers', {
      handingUnitId: p.handingUnitId,
      receivingUnitId: p.receivingUnitId,
      reason: 'merger',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await res.json();
    // Before any list is submitted there is nothing to hash.
    const early = await p.official.get(`/handovers/${id}/canonical-list`);
    expect(early.status).toBe(404);
    expect((await early.json()).error.message).toMatch(/尚未提交/);

    const items = sampleItems(`  ${p.tag}`); // leading spaces: the canonical form trims text
    const listHash = await signedHandover(t, p, id, items);
    // Both signatures are recorded by the process's activity, the second shortly after its task closes.
    await expect
      .poll(
        async () =>
          (
            await t.database.db
              .select({ listHash: handoverSignatures.listHash })
              .from(handoverSignatures)
              .where(eq(handoverSignatures.handoverId, id))
          ).map((s) => s.listHash),
        { timeout: 30_000 },
      )
      .toEqual([listHash, listHash]);

    for (const caller of [p.official, p.receivingLeader, p.handingStaff]) {
      const download = await caller.get(`/handovers/${id}/canonical-list`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(listHash);
      expect(download.headers.get('x-content-sha256')).toBe(listHash);
      expect(download.headers.get('x-handover-round')).toBe('1');
      // The documented form: {"handoverId":…,"items":[[kind, description, recordCount, volume, format,
      // sha256, country, region, encryption, serialNumber|null, holdingId|null], …]}, text trimmed.
      const parsed = JSON.parse(bytes.toString('utf8'));
      expect(parsed.handoverId).toBe(id);
      expect(parsed.items[2]).toEqual([
        'storage_medium',
        `${p.tag} 备份移动硬盘`,
        0,
        '2 TB',
        '移动硬盘',
        items[2].sha256,
        'CN',
        '档案室保密柜',
        'SM4 全盘加密',
        'JS-007',
        null,
      ]);
      expect(bytes.toString('utf8')).toBe(JSON.stringify(parsed));
    }
    expect((await p.official.get(`/handovers/${id}/canonical-list?round=2`)).status).toBe(404);
    const outsider = await t.as('lyhosp.staff');
    expect((await outsider.get(`/handovers/${id}/canonical-list`)).status).toBe(404);
  });
});
