// The argument every task-completing Update carries: which task, who completes it, their input.
export interface TaskActor {
  userId: number;
  username: string;
  realName: string;
  unitId: number;
  roles: string[];
}

export interface TaskCompletion<Input> {
  taskId: string;
  actor: TaskActor;
  requestId?: string;
  sourceIp?: string;
  input: Input;
}
