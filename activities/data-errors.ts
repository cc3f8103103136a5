// An activity whose input PostgreSQL refuses as data (SQLSTATE class 22: a NUL character 22P05/
// 22021, a value out of range 22003, an invalid text representation 22P02, ...) fails the same way
// on every retry. Such a failure is made non-retryable, so the workflow sees it at once and can
// answer the person who sent the input, instead of retrying for ever (issue 10, item 8).
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../domain/tasks.js';

/** The SQLSTATE of a postgres.js error, also when drizzle wraps it (DrizzleQueryError.cause). */
function sqlState(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** Whether `err` is PostgreSQL refusing the data itself (retrying cannot help). */
export function isDataException(err: unknown): boolean {
  return sqlState(err)?.startsWith('22') ?? false;
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** The same activities, each turning a PostgreSQL data exception into a non-retryable failure. */
export function withNonRetryableDataErrors<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (err) {
        if (!isDataException(err)) throw err;
        const state = sqlState(err);
        throw ApplicationFailure.create({
          type: FAILURE_TYPES.unstorableInput,
          nonRetryable: true,
          message: `数据库拒绝保存该输入（SQLSTATE ${state}）：${(err as Error).message.slice(0, 300)}`,
          details: [{ sqlState: state }],
        });
      }
    };
  }
  return wrapped as T;
}
