// A durable self-check of the platform: waits on a timer, then asks the database for its clock.
// It proves end to end that timers survive a full stop and restart of the stack.
import { defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const { databaseTime } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export interface SelfCheckResult {
  waitedMs: number;
  databaseTime: string;
}

export const selfCheckStageQuery = defineQuery<'waiting' | 'checking' | 'done'>('selfCheckStage');

/** Sleeps `waitMs` (a durable timer), then reads the database time through an activity. */
export async function platformSelfCheckWorkflow(waitMs: number): Promise<SelfCheckResult> {
  let stage: 'waiting' | 'checking' | 'done' = 'waiting';
  setHandler(selfCheckStageQuery, () => stage);
  await sleep(waitMs);
  stage = 'checking';
  const time = await databaseTime();
  stage = 'done';
  return { waitedMs: waitMs, databaseTime: time };
}
