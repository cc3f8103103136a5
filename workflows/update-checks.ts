// What the workflows that answer many tasks through their own Update handlers share (预警通报,
// 通报): the validator's check of a person's input, the handler's answer when the record cannot be
// stored, the refusal of an answer already given, and the message a failed process records.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FAILURE_TYPES, type FieldError } from '../domain/tasks.js';
import { unstorableText } from '../domain/text.js';

/** Throws InvalidInput with the field errors of `input` (unstorable text first, then the form). */
export function checkInput(input: unknown, validate: (input: unknown) => FieldError[]): void {
  const unstorable = unstorableText(input);
  const errors = unstorable.length ? unstorable : validate(input);
  if (errors.length)
    throw ApplicationFailure.nonRetryable(
      `输入有误：${errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
      FAILURE_TYPES.invalidInput,
      ...errors,
    );
}

/** A recording activity that can never succeed leaves the task open: the person is told to resubmit. */
export function unstorable(err: unknown): never {
  if (!(err instanceof ActivityFailure)) throw err;
  throw ApplicationFailure.nonRetryable(
    `无法保存该答复，任务仍可重新提交：${err.cause?.message ?? err.message}`,
    FAILURE_TYPES.invalidInput,
  );
}

/** The refusal of an answer to a task already answered (or no longer open). */
export const refuseAnswered = (message = '这项任务已办结。') =>
  ApplicationFailure.nonRetryable(message, FAILURE_TYPES.alreadyCompleted);

/** The innermost message of a failure chain (an activity's own failure, not "Activity task failed"). */
export function rootCause(err: unknown): string {
  let at: unknown = err;
  while (at instanceof Error && at.cause instanceof Error) at = at.cause;
  return at instanceof Error ? at.message : String(at);
}

/** 2026年11月26日 18:00 in China time, for a document's deadline line. */
export function chinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
