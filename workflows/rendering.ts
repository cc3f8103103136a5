// The documents activities as a workflow calls them: on the rendering queue beside its own task
// queue (domain/render-queue.ts), so printing never takes the slots the process's steps need.
import { ActivityCancellationType, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { renderQueueOf } from '../domain/render-queue.js';

/** Call inside the workflow function (it reads the running workflow's task queue). */
export function renderingActivities(
  cancellationType: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL,
): Activities {
  return proxyActivities<Activities>({
    taskQueue: renderQueueOf(workflowInfo().taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { maximumInterval: '30 seconds' },
    cancellationType,
  });
}
