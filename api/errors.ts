// One error type for the API: a code the client can branch on and a message a person can act on.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readOutCitations } from '../domain/regulations.js';

export const ERROR_STATUS = {
  validation_failed: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** A console request that changes state without echoing the session's CSRF token (api/auth/browser-session.ts). */
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  /** A colleague holds the task; the message and details name who (api/tasks/claim-conflict.ts). */
  task_claimed: 409,
  /** The same Idempotency-Key with another request (api/idempotency.ts). */
  idempotency_key_reused: 422,
  /** A request with this Idempotency-Key is still running. */
  idempotency_in_progress: 409,
  locked: 423,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/**
 * A signed-in caller's action that the process's rules refused (a task's answer rejected by the
 * workflow, a task already completed): answered like any AppError and audited as denied.
 */
export class Refusal extends AppError {}

/**
 * The message and field messages of a refusal with each regulation they cite read out by its full
 * title: rules are written in the short form (`000 第十八条`), which means nothing to a clerk.
 */
export function readOutInError(message: string, details: unknown): { message: string; details: unknown } {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  return {
    message: readOutCitations(message),
    details: Array.isArray(fields)
      ? {
          ...(details as object),
          fields: fields.map((f: { message?: unknown }) =>
            typeof f?.message === 'string' ? { ...f, message: readOutCitations(f.message) } : f,
          ),
        }
      : details,
  };
}
