// Shared steps for handover tests: a sample transfer list and the inbox moves each party makes.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { tasks, units, users, type Task } from '../../db/schema.js';
import { hashPassword } from '../../api/auth/password.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import type { Caller, TestApp } from './app.js';
import type { TransferItem } from '../../domain/handovers.js';

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A complete, domestic transfer list of three items. */
export function sampleItems(tag: string): [TransferItem, TransferItem, TransferItem] {
  return [
    {
      kind: 'dataset',
      description: `${tag} 居民健康档案库`,
      recordCount: 1_250_000,
      volume: '86 GB',
      format: 'PostgreSQL 导出 (SQL)',
      sha256: sha(`${tag}-1`),
      storageLocation: { country: 'CN', region: '河南省郑州市金水区 机房A' },
      encryption: 'SM4',
    },
    {
      kind: 'backup',
      description: `${tag} 2026 年度全量备份`,
      recordCount: 1_250_000,
      volume: '90 GB',
      format: 'tar.zst',
      sha256: sha(`${tag}-2`),
      storageLocation: { country: 'CN', region: '河南省郑州市 异地灾备中心' },
      encryption: 'SM4',
    },
    {
      kind: 'storage_medium',
      description: `${tag} 备份移动硬盘`,
      recordCount: 0,
      volume: '2 TB',
      format: '移动硬盘',
      sha256: sha(`${tag}-3`),
      storageLocation: { country: 'CN', region: '档案室保密柜' },
      encryption: 'SM4 全盘加密',
      serialNumber: 'JS-007',
    },
  ];
}

/** The open task of `type` in handover `handoverId`, once the workflow has created it. */
export async function openTask(t: TestApp, handoverId: string, type: string, timeout = 30_000): Promise<Task> {
  let found: Task | undefined;
  await expect
    .poll(
      async () => {
        [found] = await t.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.workflowId, handoverId), eq(tasks.type, type), eq(tasks.status, 'open')));
        return found !== undefined;
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return found!;
}

/** Completes `taskId` as `caller`, returning the response. */
export const complete = (caller: Caller, taskId: string, input: unknown) =>
  caller.post(`/tasks/${taskId}/complete`, { input });

/**
 * Answers every item of the verification task: all accepted unless listed as discrepant. An
 * accepted information system is declared at its listed protection level (003 第三十一条).
 */
export function verdicts(task: Task, discrepant: Record<number, string> = {}) {
  const payload = task.payload as { listHash: string; items: { kind: string; protectionLevel?: number }[] };
  return {
    listHash: payload.listHash,
    results: payload.items.map((item, i) =>
      discrepant[i + 1]
        ? { item: i + 1, verdict: 'discrepant', remark: discrepant[i + 1] }
        : {
            item: i + 1,
            verdict: 'accepted',
            ...(item.kind === 'information_system' && item.protectionLevel !== undefined
              ? { protectionLevel: item.protectionLevel }
              : {}),
          },
    ),
  };
}

export interface HandoverParties {
  tag: string;
  handingUnitId: number;
  receivingUnitId: number;
  handingStaff: Caller;
  handingLeader: Caller;
  receivingStaff: Caller;
  receivingLeader: Caller;
  /** An official of 郑州市金水区卫生健康委员会, which supervises both units. */
  official: Caller;
}

/**
 * Two fresh institutions under 郑州市金水区卫生健康委员会, each with its staff and leader: a test
 * that hands over between them shares no unit, register or open handover with any other test.
 */
export async function createHandoverParties(t: TestApp): Promise<HandoverParties> {
  const db = t.database.db;
  const [commission] = await db.select().from(units).where(eq(units.name, '郑州市金水区卫生健康委员会'));
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const unitOf = async (kind: 'hospital' | 'cdc', label: string) => {
    const [unit] = await db
      .insert(units)
      .values({
        orgCode: `12T${tag}${kind === 'hospital' ? 'H' : 'C'}0000000X`,
        name: `测试${label}${tag}`,
        kind,
        parentId: commission!.id,
        path: '',
      })
      .returning();
    await db
      .update(units)
      .set({ path: `${commission!.path}${unit!.id}/` })
      .where(eq(units.id, unit!.id));
    for (const role of ['unit_staff', 'unit_leader'] as const) {
      await db.insert(users).values({
        username: `t${tag}.${kind}.${role}`.toLowerCase(),
        realName: `${label}${role === 'unit_staff' ? '经办' : '负责'}${tag}`,
        unitId: unit!.id,
        roles: [role],
        passwordHash,
      });
    }
    return unit!.id;
  };
  const handingUnitId = await unitOf('hospital', '医院');
  const receivingUnitId = await unitOf('cdc', '疾控');
  const as = (kind: string, role: string) => t.as(`t${tag}.${kind}.${role}`.toLowerCase());
  return {
    tag,
    handingUnitId,
    receivingUnitId,
    handingStaff: await as('hospital', 'unit_staff'),
    handingLeader: await as('hospital', 'unit_leader'),
    receivingStaff: await as('cdc', 'unit_staff'),
    receivingLeader: await as('cdc', 'unit_leader'),
    official: await t.as('jinshui.official'),
  };
}

/** Drives handover `id` from its transfer list through verification and both signatures; returns the signed hash. */
export async function signedHandover(t: TestApp, p: HandoverParties, id: string, items: unknown[]): Promise<string> {
  expect((await complete(p.handingStaff, (await openTask(t, id, 'handover_transfer_list')).id, { items })).status).toBe(
    200,
  );
  const verify = await openTask(t, id, 'handover_verification');
  expect((await complete(p.receivingStaff, verify.id, verdicts(verify))).status).toBe(200);
  const listHash = (verify.payload as { listHash: string }).listHash;
  expect((await complete(p.handingLeader, (await openTask(t, id, 'handover_signature')).id, { listHash })).status).toBe(
    200,
  );
  expect(
    (await complete(p.receivingLeader, (await openTask(t, id, 'handover_signature')).id, { listHash })).status,
  ).toBe(200);
  return listHash;
}
