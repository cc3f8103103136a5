// Starting a process's workflow once its row is committed, never from inside an open database
// transaction (a failed commit would leave a workflow without its row). The id is the row's,
// derived from the request's Idempotency-Key when one is sent; a second start of the same id
// joins the running workflow instead of making another.
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { AppError } from './errors.js';

export interface ProcessStart<W extends Workflow> {
  workflow: W;
  workflowId: string;
  taskQueue: string;
  args: Parameters<W>;
  memo?: Record<string, unknown>;
  /** Undoes what the request committed, when it created the row; the request then leaves nothing. */
  compensate?: () => Promise<void>;
}

/** Starts (or joins) the workflow; on a failed start compensates and answers 503. */
export async function startProcessWorkflow<W extends Workflow>(
  temporal: Client,
  start: ProcessStart<W>,
): Promise<void> {
  try {
    await temporal.workflow.start(start.workflow, {
      ...({ args: start.args } as WorkflowStartOptions<W>),
      taskQueue: start.taskQueue,
      workflowId: start.workflowId,
      memo: start.memo,
      // A retried request finds the running process; a finished one is never started again.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return; // finished already: the row tells its outcome
    if (start.compensate) {
      await start.compensate();
      // The start may have reached the server before failing here; a workflow without its row fails
      // at its first step anyway (the row check is non-retryable), this only ends it sooner.
      await temporal.workflow
        .getHandle(start.workflowId)
        .terminate('流程启动失败，已撤销')
        .catch(() => undefined);
    }
    throw new AppError('unavailable', '流程服务暂时不可用，请求未生效，请稍后重试。');
  }
}
