// One run of an inspection plan (now, or each time its Temporal Schedule fires): resolves the
// target units and starts one unitInspectionWorkflow per unit, in batches, each to run on its own.
// An activity starts a batch through the Temporal client (runs before 'units-started-by-activity'
// started them as abandoned children: one command and two history events of the run's per unit).
// Since 'self-checks-opened-by-run' every unit's inspection and self-check task are created first,
// in batches, and the workflows started after (openThenStart below).
// The run continues-as-new every few batches, so its history stays bounded however many units the
// plan covers (000 第三十三条).
import {
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { unitInspectionWorkflow } from './unit-inspection.js';
import { unitInspectionId } from '../domain/inspection-self-check.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});
// A batch's starts under a loaded server take longer than one query; a retry skips units started.
const starter = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '30 seconds' },
});

export interface InspectionRunInput {
  planId: string;
  /** Units already started (set by continue-as-new). */
  offset?: number;
  /** Units whose inspection and self-check task exist (set by continue-as-new; runs since 'self-checks-opened-by-run'). */
  opened?: number;
}

export const RUN_BATCH_SIZE = 100;

export { unitInspectionId };
/** Batches per workflow run before continuing as new (about 600 history events each). */
const BATCHES_PER_RUN = 2;
/** Opened units whose workflows one startOpenedUnitInspections call starts (it waits for them: paced by the worker). */
const OPENED_START_BATCH_SIZE = 50;
/** Units one openSelfChecks call opens (three multi-row INSERTs, one transaction). */
export const OPEN_BATCH_SIZE = 200;
/** Batches, opening or starting, per workflow run since 'self-checks-opened-by-run' (about 12 events each). */
const OPEN_AND_START_BATCHES_PER_RUN = 4;

export async function inspectionRunWorkflow(input: InspectionRunInput): Promise<{ started: number }> {
  const { workflowId: runId, taskQueue } = workflowInfo();
  const byActivity = patched('units-started-by-activity');
  const { unitCount } = await acts.openInspectionRun({ planId: input.planId, runId });
  if (byActivity && patched('self-checks-opened-by-run')) return openThenStart(input, unitCount);
  let offset = input.offset ?? 0;
  for (let batch = 0; offset < unitCount; batch++) {
    if (batch === BATCHES_PER_RUN) await continueAsNew<typeof inspectionRunWorkflow>({ planId: input.planId, offset });
    const unitIds = await acts.inspectionRunBatch({ runId, offset, limit: RUN_BATCH_SIZE });
    if (byActivity) {
      const units = unitIds.map((unitId) => ({ unitId, workflowId: unitInspectionId(runId, unitId) }));
      await starter.startUnitInspections({ planId: input.planId, runId, taskQueue, units });
    } else
      await Promise.all(
        unitIds.map((unitId) =>
          startChild(unitInspectionWorkflow, {
            workflowId: patched('url-safe-inspection-ids')
              ? unitInspectionId(runId, unitId)
              : `${runId}/unit-${unitId}`,
            args: [{ runId, planId: input.planId, unitId }],
            // Each unit's inspection outlives this run (and its continue-as-new).
            parentClosePolicy: ParentClosePolicy.ABANDON,
          }),
        ),
      );
    offset += unitIds.length;
    await acts.markRunStarted({ runId, count: offset });
  }
  return { started: offset };
}

/**
 * Every unit's inspection and self-check task first, a batch of units per activity (openSelfChecks),
 * then their workflows, a batch at a time: a unit sees its task within seconds of the start, however
 * long starting a thousand workflows takes (README, Benchmarks: bench:inspection). A unit answering
 * before its workflow started starts it on demand (its row in process_starts).
 */
async function openThenStart(input: InspectionRunInput, unitCount: number): Promise<{ started: number }> {
  const { workflowId: runId, taskQueue } = workflowInfo();
  let opened = input.opened ?? 0;
  let offset = input.offset ?? 0;
  for (let batch = 0; offset < unitCount; batch++) {
    if (batch === OPEN_AND_START_BATCHES_PER_RUN)
      await continueAsNew<typeof inspectionRunWorkflow>({ planId: input.planId, opened, offset });
    if (opened < unitCount) {
      const batchOpened = await acts.openSelfChecks({
        runId,
        planId: input.planId,
        taskQueue,
        offset: opened,
        limit: OPEN_BATCH_SIZE,
      });
      opened += batchOpened.opened;
      continue;
    }
    offset += await starter.startOpenedUnitInspections({ runId, offset, limit: OPENED_START_BATCH_SIZE });
    await acts.markRunStarted({ runId, count: offset });
  }
  return { started: offset };
}
