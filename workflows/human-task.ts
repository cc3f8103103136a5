// The one human-task mechanism every process uses (README, Development: adding a process): create the task through
// an activity, wait for its Update with reminders and a deadline, escalate when the deadline passes.
// Bad input is refused in the Update's validator, so it never enters workflow history.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import type { FieldError, TaskSpec } from '../domain/tasks.js';
import { FAILURE_TYPES } from '../domain/tasks.js';
import type { TaskCompletion } from '../domain/task-completion.js';
import { unstorableText } from '../domain/text.js';

// A process cancelled while its task is being created waits for the row, so its cancellation closes it.
const tasks = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '10 seconds' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});
// The same, run by the worker inside the workflow task (HumanTaskOptions.createLocally).
const localTasks = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '10 seconds' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

export interface HumanTaskOptions<Input, Result> {
  spec: Omit<TaskSpec, 'workflowId' | 'updateName'>;
  update: UpdateDefinition<Result, [TaskCompletion<Input>]>;
  /** Field errors for `input`; empty when it is acceptable. Pure: runs in the validator. */
  validate: (input: Input, completion: TaskCompletion<Input>) => FieldError[];
  /** Turns accepted input into the task's result (runs in the update handler, replay-safe). */
  accept: (input: Input, completion: TaskCompletion<Input>) => Result;
  /**
   * Writes the process's own record of the step, in the Update handler after the task row is
   * completed and before the person is answered: whoever reads after the answer sees the step.
   */
  record?: (result: Result, completion: TaskCompletion<Input>) => Promise<void>;
  /** Escalation hook, called once when the deadline passes with the task still open. */
  onOverdue?: () => Promise<void>;
  /**
   * False when the process keeps one deadline for all its tasks and runs its own timers (a
   * handover's due date can be extended; every task must follow it). Default true.
   */
  timers?: boolean;
  /**
   * Create the task as a local activity: the worker runs it inside the workflow task, without a
   * round trip through the Temporal server (used where thousands of tasks are created at once: an
   * inspection run's self-checks). Same activity, same row; only the way it is scheduled differs.
   */
  createLocally?: boolean;
}

export interface HumanTaskOutcome<Input, Result> {
  taskId: string;
  result: Result;
  completion: TaskCompletion<Input>;
  overdue: boolean;
}

/** Creates the task and resolves when a person completes it through its Update. */
export async function humanTask<Input, Result>(
  options: HumanTaskOptions<Input, Result>,
): Promise<HumanTaskOutcome<Input, Result>> {
  const { workflowId } = workflowInfo();
  // Filled in once the task row exists; the handler is registered before that.
  const task: { id?: string } = {};
  let outcome: { result: Result; completion: TaskCompletion<Input> } | undefined;
  // Set synchronously on acceptance, so a second completion racing the first is refused too.
  let accepted = false;

  setHandler(
    options.update,
    async (completion) => {
      accepted = true;
      const result = options.accept(completion.input, completion);
      await condition(() => task.id !== undefined);
      try {
        await tasks.completeTask({
          taskId: task.id!,
          result,
          actor: completion.actor,
          requestId: completion.requestId,
          sourceIp: completion.sourceIp,
        });
      } catch (err) {
        // Retrying cannot store this answer (activities make such failures non-retryable): the
        // task stays open for a corrected answer and the person is told, instead of a process
        // that can never be completed again.
        if (!(err instanceof ActivityFailure)) throw err;
        accepted = false;
        throw ApplicationFailure.nonRetryable(
          `无法保存该答复，任务仍可重新提交：${err.cause?.message ?? err.message}`,
          FAILURE_TYPES.invalidInput,
        );
      }
      await options.record?.(result, completion);
      outcome = { result, completion };
      return result;
    },
    {
      validator: (completion) => {
        if (completion.taskKey !== options.spec.key || accepted) {
          throw ApplicationFailure.nonRetryable('这项任务已办结。', FAILURE_TYPES.alreadyCompleted);
        }
        // Text PostgreSQL cannot store never enters history (domain/text.ts).
        const unstorable = unstorableText(completion.input);
        const errors = unstorable.length ? unstorable : options.validate(completion.input, completion);
        if (errors.length > 0) {
          throw ApplicationFailure.nonRetryable(
            `输入有误：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
            FAILURE_TYPES.invalidInput,
            ...errors,
          );
        }
      },
    },
  );
  // The handler is in place before the task is visible in anyone's inbox: an answer given the
  // moment the task appears is matched by its key, not refused as belonging to an older task.
  const create = options.createLocally ? localTasks.createTask : tasks.createTask;
  const taskId = await create({ ...options.spec, workflowId, updateName: options.update.name });
  task.id = taskId;

  if (options.timers === false) {
    await condition(() => outcome !== undefined);
    return { taskId, ...outcome!, overdue: false };
  }
  const now = () => Date.now(); // workflow time: deterministic
  const due = Date.parse(options.spec.dueAt);
  const reminders = (options.spec.remindAt ?? [])
    .map(Date.parse)
    .filter((t) => t < due)
    .sort((a, b) => a - b);
  let overdue = false;
  // Sleep until the next reminder or the deadline, whichever comes first, unless completed meanwhile.
  while (!outcome) {
    const next = reminders.find((t) => t > now()) ?? (overdue ? undefined : due);
    if (next === undefined) {
      await condition(() => outcome !== undefined);
    } else if (!(await condition(() => outcome !== undefined, Math.max(next - now(), 1)))) {
      if (next === due) {
        overdue = true;
        await tasks.markTaskOverdue(taskId);
        await options.onOverdue?.();
      } else {
        await tasks.remindTask(taskId, new Date(next).toISOString());
      }
    }
  }
  return { taskId, ...outcome!, overdue };
}
