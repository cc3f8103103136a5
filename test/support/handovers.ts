// Shared steps for handover tests: a sample transfer list and the inbox moves each party makes.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { tasks, type Task } from '../../db/schema.js';
import type { Caller, TestApp } from './app.js';
import type { TransferItem } from '../../domain/handovers.js';

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A complete, domestic transfer list of three items. */
export function sampleItems(tag: string): [TransferItem, TransferItem, TransferItem] {
  return [
    { kind: 'dataset', description: `${tag} 居民健康档案库`, recordCount: 1_250_000, volume: '86 GB', format: 'PostgreSQL 导出 (SQL)', sha256: sha(`${tag}-1`), storageLocation: { country: 'CN', region: '河南省郑州市金水区 机房A' }, encryption: 'SM4' },
    { kind: 'backup', description: `${tag} 2026 年度全量备份`, recordCount: 1_250_000, volume: '90 GB', format: 'tar.zst', sha256: sha(`${tag}-2`), storageLocation: { country: 'CN', region: '河南省郑州市 异地灾备中心' }, encryption: 'SM4' },
    { kind: 'storage_medium', description: `${tag} 备份移动硬盘`, recordCount: 0, volume: '2 TB', format: '移动硬盘', sha256: sha(`${tag}-3`), storageLocation: { country: 'CN', region: '档案室保密柜' }, encryption: 'SM4 全盘加密', serialNumber: 'JS-007' },
  ];
}

/** The open task of `type` in handover `handoverId`, once the workflow has created it. */
export async function openTask(t: TestApp, handoverId: string, type: string, timeout = 30_000): Promise<Task> {
  let found: Task | undefined;
  await expect
    .poll(async () => {
      [found] = await t.database.db.select().from(tasks).where(and(eq(tasks.workflowId, handoverId), eq(tasks.type, type), eq(tasks.status, 'open')));
      return found !== undefined;
    }, { timeout, interval: 100 })
    .toBe(true);
  return found!;
}

/** Completes `taskId` as `caller`, returning the response. */
export const complete = (caller: Caller, taskId: string, input: unknown) => caller.post(`/tasks/${taskId}/complete`, { input });

/** Answers every item of the verification task: all accepted unless listed as discrepant. */
export function verdicts(task: Task, discrepant: Record<number, string> = {}) {
  const payload = task.payload as { listHash: string; items: unknown[] };
  return { listHash: payload.listHash, results: payload.items.map((_, i) => (discrepant[i + 1] ? { item: i + 1, verdict: 'discrepant', remark: discrepant[i + 1] } : { item: i + 1, verdict: 'accepted' })) };
}
