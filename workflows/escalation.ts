// The one escalation mechanism of every process: when a deadline passes, a task goes to the
// supervising (or issuing) official; the official notes what was done about it through the task's
// Update; when the process moves on (extension, late completion, close) the task is withdrawn.
import {
  ActivityCancellationType,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { FAILURE_TYPES, type TaskSpec } from '../domain/tasks.js';
import { actedBy, type TaskCompletion } from '../domain/task-completion.js';
import { EscalationForm } from '../domain/escalation-form.js';
import { formErrors } from '../domain/forms.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '30 seconds' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

export interface EscalationNote {
  note: string;
}
export type EscalationUpdate = UpdateDefinition<{ noted: true }, [TaskCompletion<EscalationNote>]>;

export interface Escalation {
  /** Opens the escalation task (one at a time); its key is known before the row exists. */
  open(spec: Omit<TaskSpec, 'workflowId' | 'updateName'>): Promise<void>;
  /** Withdraws the open escalation task, if any: nobody needs to act on it any more. */
  close(reason: string): Promise<void>;
}

/** Registers `update` as the acknowledgement of the process's escalation task and returns its controls. */
export function escalation(update: EscalationUpdate): Escalation {
  const { workflowId } = workflowInfo();
  // The open task: its key at once (an answer may arrive before the row's id), its id once created.
  let open: { key: string; taskId?: string } | undefined;

  setHandler(
    update,
    async (completion) => {
      const task = open!;
      open = undefined;
      await condition(() => task.taskId !== undefined);
      await acts.completeTask({
        taskId: task.taskId!,
        result: { note: completion.input.note },
        ...actedBy(completion),
      });
      return { noted: true };
    },
    {
      validator: (completion) => {
        if (!open || completion.taskKey !== open.key)
          throw ApplicationFailure.nonRetryable('此督办任务已不再待办。', FAILURE_TYPES.alreadyCompleted);
        const errors = formErrors(EscalationForm, completion.input);
        if (errors.length)
          throw ApplicationFailure.nonRetryable(
            `输入有误：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
            FAILURE_TYPES.invalidInput,
            ...errors,
          );
      },
    },
  );

  return {
    async open(spec) {
      const task: { key: string; taskId?: string } = { key: spec.key };
      open = task;
      task.taskId = await acts.createTask({ ...spec, workflowId, updateName: update.name });
    },
    async close(reason) {
      const task = open;
      open = undefined;
      if (!task) return;
      await condition(() => task.taskId !== undefined);
      await acts.cancelTask(task.taskId!, reason);
    },
  };
}
