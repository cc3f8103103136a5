// Many open tasks answered through one Update (README, Development: adding a process): where a
// process keeps several tasks of one type open at once (an incident's reports each waiting for an
// office's 签收), humanTask's one-task-per-update shape does not fit. The board registers the
// Update once and matches each completion to its task by key; like humanTask, bad input is
// refused in the validator and never enters history, and the task row is completed before the
// person is answered.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { FAILURE_TYPES, type FieldError } from '../domain/tasks.js';
import type { TaskCompletion } from '../domain/task-completion.js';
import { unstorableText } from '../domain/text.js';

const tasks = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { maximumInterval: '10 seconds' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

interface Entry<Input, Result> {
  taskId?: string;
  accepted: boolean;
  outcome?: { result: Result; completion: TaskCompletion<Input> };
}

export interface TaskBoard<Input, Result> {
  /** Expects a completion for `key` from now on (call before the task row is created). */
  open(key: string): void;
  /** The row's id, once created: the completion waits for it. */
  created(key: string, taskId: string): void;
  /** Resolves with the completion, or undefined when `timeoutMs` passes first. */
  wait(key: string, timeoutMs?: number): Promise<{ result: Result; completion: TaskCompletion<Input> } | undefined>;
  /** Stops expecting `key` (its task was withdrawn); a late answer is refused. */
  close(key: string): void;
  isOpen(key: string): boolean;
}

export function taskBoard<Input, Result>(options: {
  update: UpdateDefinition<Result, [TaskCompletion<Input>]>;
  validate: (input: Input, completion: TaskCompletion<Input>) => FieldError[];
  accept: (input: Input, completion: TaskCompletion<Input>) => Result;
  /** The process's own record of the step, written before the person is answered. */
  record?: (key: string, result: Result, completion: TaskCompletion<Input>) => Promise<void>;
  /**
   * Tasks that exist before the workflow runs (key → task id): open before the handler is set, since
   * an answer already waiting is validated the moment it is.
   */
  existing?: Record<string, string>;
}): TaskBoard<Input, Result> {
  const entries = new Map<string, Entry<Input, Result>>(
    Object.entries(options.existing ?? {}).map(([key, taskId]) => [key, { taskId, accepted: false }]),
  );

  setHandler(
    options.update,
    async (completion) => {
      const entry = entries.get(completion.taskKey)!;
      entry.accepted = true;
      const result = options.accept(completion.input, completion);
      await condition(() => entry.taskId !== undefined);
      try {
        await tasks.completeTask({
          taskId: entry.taskId!,
          result,
          actor: completion.actor,
          requestId: completion.requestId,
          sourceIp: completion.sourceIp,
        });
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        entry.accepted = false;
        throw ApplicationFailure.nonRetryable(
          `无法保存该答复，任务仍可重新提交：${err.cause?.message ?? err.message}`,
          FAILURE_TYPES.invalidInput,
        );
      }
      await options.record?.(completion.taskKey, result, completion);
      entry.outcome = { result, completion };
      return result;
    },
    {
      validator: (completion) => {
        const entry = entries.get(completion.taskKey);
        if (!entry || entry.accepted)
          throw ApplicationFailure.nonRetryable('这项任务已办结。', FAILURE_TYPES.alreadyCompleted);
        const unstorable = unstorableText(completion.input);
        const errors = unstorable.length ? unstorable : options.validate(completion.input, completion);
        if (errors.length > 0)
          throw ApplicationFailure.nonRetryable(
            `输入有误：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
            FAILURE_TYPES.invalidInput,
            ...errors,
          );
      },
    },
  );

  return {
    open(key) {
      if (!entries.has(key)) entries.set(key, { accepted: false });
    },
    created(key, taskId) {
      entries.get(key)!.taskId = taskId;
    },
    async wait(key, timeoutMs) {
      const entry = entries.get(key)!;
      if (timeoutMs === undefined) await condition(() => entry.outcome !== undefined);
      else await condition(() => entry.outcome !== undefined, Math.max(timeoutMs, 1));
      return entry.outcome;
    },
    close(key) {
      const entry = entries.get(key);
      if (entry && !entry.outcome) entry.accepted = true;
    },
    isOpen(key) {
      const entry = entries.get(key);
      return entry !== undefined && !entry.accepted;
    },
  };
}
