// A worker killed (SIGKILL, as a crash) right after the transfer list is submitted: a new worker
// picks the handover up and finishes it, and nothing the people entered is lost.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { handoverRounds } from '../db/schema.js';
import { createTestApp, type TestApp } from './support/app.js';
import { newTaskQueue, startTestWorker, type TestWorker } from './support/worker.js';
import { launch, stackEnv, type LaunchedStack } from './support/processes.js';
import { complete, openTask, sampleItems, verdicts } from './support/handovers.js';

describe('handover durability', () => {
  const taskQueue = newTaskQueue();
  let t: TestApp;
  let crashing: LaunchedStack;
  let replacement: TestWorker | undefined;
  beforeAll(async () => {
    t = await createTestApp({ taskQueue });
  });
  afterAll(async () => {
    if (crashing && crashing.child.exitCode === null && crashing.child.signalCode === null)
      process.kill(-crashing.child.pid!, 'SIGKILL');
    await replacement?.stop();
    await t?.close();
  });

  it('a new worker finishes the process after the first is killed mid-way', async () => {
    crashing = launch(
      process.execPath,
      ['--import', 'tsx', 'test/support/worker-process.ts'],
      stackEnv({
        DATABASE_URL: t.database.url,
        DUBAN_DEMO: '1', // the demo keys of createTestApp's API: one audit chain, one key
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: taskQueue,
      }),
    );
    await expect.poll(() => crashing.output(), { timeout: 60_000 }).toContain('worker ready');
    const official = await t.as('jinshui.official');
    const res = await official.post('/handovers', {
      handingUnitId: await t.unitId('金水区疾病预防控制中心'),
      receivingUnitId: await t.unitId('金水区总医院'),
      reason: 'dissolution',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const items = sampleItems('崩溃前');
    const listTask = await openTask(t, id, 'handover_transfer_list');
    expect((await complete(await t.as('jscdc.staff'), listTask.id, { items })).status).toBe(200);

    // Killed with the submission accepted; the whole process group goes, Chromium included.
    process.kill(-crashing.child.pid!, 'SIGKILL');
    expect((await crashing.exited).signal).toBe('SIGKILL');

    replacement = await startTestWorker(t.database.db, t.renderer, taskQueue);
    const verify = await openTask(t, id, 'handover_verification', 60_000);
    expect((verify.payload as { items: unknown[] }).items).toEqual(items);
    expect((await complete(await t.as('jshosp.staff'), verify.id, verdicts(verify))).status).toBe(200);
    const listHash = (verify.payload as { listHash: string }).listHash;
    expect(
      (await complete(await t.as('jscdc.leader'), (await openTask(t, id, 'handover_signature')).id, { listHash }))
        .status,
    ).toBe(200);
    expect(
      (await complete(await t.as('jshosp.leader'), (await openTask(t, id, 'handover_signature')).id, { listHash }))
        .status,
    ).toBe(200);
    expect((await complete(official, (await openTask(t, id, 'handover_confirmation')).id, {})).status).toBe(200);

    await expect
      .poll(async () => (await (await official.get(`/handovers/${id}`)).json()).status, { timeout: 60_000 })
      .toBe('archived');
    const done = await (await official.get(`/handovers/${id}`)).json();
    expect(done.documents).toHaveLength(1);
    expect(done.timeline.filter((e: { step: string }) => e.step === 'transfer_list_submitted')).toHaveLength(1);
    const rounds = await t.database.db.select().from(handoverRounds).where(eq(handoverRounds.handoverId, id));
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.items).toEqual(items);
    expect(rounds[0]!.submittedByName).toBe('陈静');
  }, 180_000);
});
