// Executes a workflow Update on behalf of a person and turns the workflow's refusals into API
// errors: the validator's field errors become a 422 (nothing entered history), "already done"
// a 409, "not yours to do" a 403.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Refusal } from './errors.js';
import type { ProcessStarter } from './process-starter.js';
import { FAILURE_TYPES, type FieldError } from '../domain/tasks.js';

/** Runs update `name` on workflow `workflowId` with `arg`; throws a Refusal (audited as denied) for refusals. */
export async function executeUpdate<T>(
  temporal: Client,
  workflowId: string,
  name: string,
  arg: unknown,
  starter?: ProcessStarter,
  retried = false,
): Promise<T> {
  try {
    return (await temporal.workflow.getHandle(workflowId).executeUpdate(name, { args: [arg] })) as T;
  } catch (err) {
    // A process its request committed but the starter has not started yet (api/process-starter.ts):
    // start it now and answer.
    if (err instanceof WorkflowNotFoundError && starter && !retried && (await starter.ensureStarted(workflowId)))
      return executeUpdate(temporal, workflowId, name, arg, starter, true);
    // The process ended between the caller's read and this request.
    if (err instanceof WorkflowNotFoundError) throw new Refusal('conflict', '该流程已结束，请刷新查看结果。');
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure) {
      if (cause.type === FAILURE_TYPES.invalidInput)
        throw new Refusal('validation_failed', cause.message, { fields: (cause.details ?? []) as FieldError[] });
      if (cause.type === FAILURE_TYPES.alreadyCompleted) throw new Refusal('conflict', cause.message);
      if (cause.type === FAILURE_TYPES.notAllowed) throw new Refusal('forbidden', cause.message);
    }
    throw err;
  }
}
