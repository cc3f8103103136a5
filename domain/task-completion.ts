// The argument every task-completing Update carries: which task, who completes it, their input.
export interface TaskActor {
  userId: number;
  username: string;
  realName: string;
  unitId: number;
  roles: string[];
}

/** Who acted and from which request: what every audited step carries. */
export interface ActedBy {
  actor: TaskActor;
  requestId?: string;
  sourceIp?: string;
}

export interface TaskCompletion<Input> extends ActedBy {
  taskId: string;
  /**
   * The task's key within its workflow. The workflow knows it before the task row exists, so a
   * completion that arrives before the workflow has seen the row's id is still matched.
   */
  taskKey: string;
  input: Input;
}

/** Only the who-and-where of a completion or request, for the activity that records the step. */
export const actedBy = (c: ActedBy): ActedBy => ({ actor: c.actor, requestId: c.requestId, sourceIp: c.sourceIp });
