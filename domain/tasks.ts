// Human-task vocabulary shared by workflows, activities and the API (no I/O here).
import type { Role } from './identity.js';

export const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What a workflow asks for when it needs a person. */
export interface TaskSpec {
  /** Stable within the workflow run: makes task creation idempotent under activity retries. */
  key: string;
  type: string;
  title: string;
  assigneeUnitId: number;
  assigneeRole?: Role;
  assigneeUserId?: number;
  dueAt: string;
  remindAt?: string[];
  /**
   * The form's JSON Schema; left out, the task activity builds it from the type's form
   * (domain/task-forms.ts) — so workflows never build JSON Schemas, which cost milliseconds per run.
   */
  formSchema?: Record<string, unknown>;
  workflowId: string;
  updateName: string;
  payload?: Record<string, unknown>;
}

/** Field-level problems an update validator reports; the API returns them as a 422. */
export interface FieldError {
  field: string;
  message: string;
}

/** ApplicationFailure type names the API maps to HTTP answers. */
export const FAILURE_TYPES = {
  invalidInput: 'InvalidInput',
  alreadyCompleted: 'TaskAlreadyCompleted',
  /** The person may see the task but their role or unit does not allow this answer. */
  notAllowed: 'NotAllowed',
  /** The process's row is gone (its start was compensated): the workflow can never succeed. */
  recordMissing: 'ProcessRecordMissing',
  /** An activity's input was refused by the database as data: retrying cannot help. */
  unstorableInput: 'UnstorableInput',
} as const;
