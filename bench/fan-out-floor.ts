// The floor of bench:inspection's fan-out: a parent that starts N trivial child workflows (in
// batches of 100, abandoned, as the inspection run does), each running one activity that inserts
// one row. Its rate is what the same Temporal server, worker settings and PostgreSQL allow for
// "start a child, run one activity, write one row"; the real fan-out is reported against it.
import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';

export interface FloorActivities {
  floorInsert(key: string): Promise<void>;
}

const acts = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

export async function floorChildWorkflow(key: string): Promise<void> {
  await acts.floorInsert(key);
}

export async function floorParentWorkflow(count: number): Promise<void> {
  const { workflowId } = workflowInfo();
  for (let offset = 0; offset < count; offset += 100) {
    const batch = Array.from({ length: Math.min(100, count - offset) }, (_, i) => offset + i);
    await Promise.all(
      batch.map((i) =>
        startChild(floorChildWorkflow, {
          workflowId: `${workflowId}/child-${i}`,
          args: [`${workflowId}/${i}`],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        }),
      ),
    );
  }
}
