// One run of an inspection plan (now, or each time its Temporal Schedule fires): resolves the
// target units and starts one unitInspectionWorkflow per unit, in batches, each to run on its own.
// An activity starts a batch through the Temporal client (runs before 'units-started-by-activity'
// started them as abandoned children: one command and two history events of the run's per unit).
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
}

export const RUN_BATCH_SIZE = 100;

/**
 * A unit's inspection id, also its workflow id: URL-safe (`GET /inspections/{id}` needs no
 * percent-encoding). Runs started before this form keep `…/unit-N` for the children they start.
 */
export const unitInspectionId = (runId: string, unitId: number) => `${runId}.unit-${unitId}`;
/** Batches per workflow run before continuing as new (about 600 history events each). */
const BATCHES_PER_RUN = 2;

export async function inspectionRunWorkflow(input: InspectionRunInput): Promise<{ started: number }> {
  const { workflowId: runId, taskQueue } = workflowInfo();
  const byActivity = patched('units-started-by-activity');
  const { unitCount } = await acts.openInspectionRun({ planId: input.planId, runId });
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
