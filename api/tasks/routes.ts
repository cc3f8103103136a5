// The human-task inbox. Tasks are rows written by workflow activities; completing one executes
// the workflow's Update, whose validator refuses bad input before it reaches history.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError, Refusal } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { tasks, units, type Task } from '../../db/schema.js';
import { TASK_STATUSES } from '../../domain/tasks.js';
import { ROLES } from '../../domain/identity.js';
import { canSeeUnit, requireRole, visibleUnits } from '../policy.js';
import { auditActor, auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, IdText, json, Pagination, validationMessage } from '../schemas.js';
import { formErrors } from '../../domain/forms.js';
import { taskForm } from '../../domain/task-forms.js';
import { pageOf } from '../paging.js';
import { inboxPage } from './inbox-query.js';
import { executeUpdate } from '../workflow-updates.js';
import { TASK_INPUT_CHECKS } from '../task-input-checks.js';
import { claimedRefusal, claimFailure } from './claim-conflict.js';

const TaskSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    status: z.enum(TASK_STATUSES),
    workflowId: z.string(),
    assigneeUnitId: z.number(),
    assigneeRole: z.enum(ROLES).nullable(),
    assigneeUserId: z.number().nullable(),
    claimedByUserId: z.number().nullable(),
    dueAt: z.string(),
    remindAt: z.array(z.string()),
    lastRemindedAt: z.string().nullable(),
    overdue: z.boolean(),
    formSchema: z.record(z.string(), z.unknown()),
    payload: z.record(z.string(), z.unknown()),
    result: z.unknown(),
    completedByUserId: z.number().nullable(),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Task');

const TaskQuery = Pagination.extend({
  scope: z.enum(['mine', 'unit', 'completed', 'jurisdiction']).default('unit').openapi({
    description:
      'mine: assigned to or claimed by me; unit: open tasks for my unit and roles; completed: done by my unit; jurisdiction: open tasks of units I supervise',
  }),
  type: z.string().max(100).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  unitId: IdText.optional().openapi({ description: "Assignee unit (the dashboard's per-unit figures link here)" }),
});
const TaskId = z.object({ id: z.uuid() });

const list = createRoute({
  method: 'get',
  path: '/tasks',
  tags: ['tasks'],
  security: bearer,
  summary: 'My inbox, soonest due first',
  request: { query: TaskQuery },
  responses: {
    200: {
      description: 'A page of tasks',
      ...json(z.object({ items: z.array(TaskSchema), total: z.number(), page: z.number(), pageSize: z.number() })),
    },
    ...commonErrors,
  },
});
const get = createRoute({
  method: 'get',
  path: '/tasks/{id}',
  tags: ['tasks'],
  security: bearer,
  summary: 'One task with its form',
  request: { params: TaskId },
  responses: { 200: { description: 'Task', ...json(TaskSchema) }, ...commonErrors },
});
const claim = createRoute({
  method: 'post',
  path: '/tasks/{id}/claim',
  tags: ['tasks'],
  security: bearer,
  summary: 'Take a unit task for yourself',
  request: { params: TaskId },
  responses: {
    200: { description: 'Claimed', ...json(TaskSchema) },
    409: { description: 'Claimed by someone else (task_claimed, naming the holder) or closed', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const unclaim = createRoute({
  method: 'post',
  path: '/tasks/{id}/unclaim',
  tags: ['tasks'],
  security: bearer,
  summary: 'Give a claimed task back to the unit',
  request: { params: TaskId },
  responses: {
    200: { description: 'Released', ...json(TaskSchema) },
    409: { description: 'Not claimed by you', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const complete = createRoute({
  method: 'post',
  path: '/tasks/{id}/complete',
  tags: ['tasks'],
  security: bearer,
  summary: "Complete the task with its form's input; returns the process's answer",
  request: {
    params: TaskId,
    body: {
      required: true,
      ...json(z.strictObject({ input: z.record(z.string(), z.unknown()) }).openapi('TaskCompletion')),
    },
  },
  responses: {
    200: { description: 'Completed', ...json(z.object({ task: TaskSchema, result: z.unknown() })) },
    409: { description: 'Already completed', ...json(ErrorBody) },
    ...commonErrors,
  },
});

const present = (t: Task) => ({
  ...t,
  dueAt: t.dueAt.toISOString(),
  lastRemindedAt: t.lastRemindedAt?.toISOString() ?? null,
  completedAt: t.completedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
  // Overdue is a fact of the clock too, not only of the workflow's timer having fired.
  overdue: t.overdue || (t.status === 'open' && t.dueAt.getTime() < Date.now()),
  escalatedAt: undefined,
  taskKey: undefined,
  updatedAt: undefined,
  updateName: undefined,
});

/** Whether the task is addressed to `user` (their unit, and their role or themselves). */
function isAddressedTo(user: CurrentUser, t: Task): boolean {
  if (t.assigneeUnitId !== user.unitId) return false;
  if (t.assigneeUserId) return t.assigneeUserId === user.id;
  return !t.assigneeRole || user.roles.includes(t.assigneeRole);
}

function addressedToMe(user: CurrentUser): SQL {
  return and(
    eq(tasks.assigneeUnitId, user.unitId),
    or(
      eq(tasks.assigneeUserId, user.id),
      and(isNull(tasks.assigneeUserId), or(isNull(tasks.assigneeRole), inArray(tasks.assigneeRole, user.roles))),
    ),
  )!;
}

export function taskRoutes({ db, temporal, processStarter }: AppDeps) {
  /** The task if the user may see it: people of its assignee unit, or supervisors of that unit. */
  async function visibleTask(user: CurrentUser, id: string): Promise<Task> {
    const [row] = await db
      .select({ task: tasks, path: units.path })
      .from(tasks)
      .innerJoin(units, eq(units.id, tasks.assigneeUnitId))
      .where(eq(tasks.id, id));
    if (!row || !canSeeUnit(user, { id: row.task.assigneeUnitId, path: row.path }))
      throw new AppError('not_found', '未找到该任务。');
    return row.task;
  }

  /**
   * The task if the user may act on it: 404 when they cannot see it at all, 403 when they can (a
   * supervisor, a colleague in another role) but it is not addressed to them, 409 when a colleague
   * has claimed it.
   */
  async function actionableTask(user: CurrentUser, id: string): Promise<Task> {
    const task = await visibleTask(user, id);
    if (!isAddressedTo(user, task))
      throw new AppError(
        'forbidden',
        '这项任务不是交给您办理的：只有任务指定的单位和角色（或指定人员）可以认领、办理。',
      );
    if (task.claimedByUserId && task.claimedByUserId !== user.id) throw await claimedRefusal(db, task.claimedByUserId);
    return task;
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      if (q.scope === 'jurisdiction') requireRole(user, ['official', 'inspector', 'admin'], '查看辖区内的任务');
      // Built only when used: the plain inbox runs a prebuilt statement and needs this only to count a full page.
      const where = () => {
        const scopes: Record<typeof q.scope, () => SQL> = {
          mine: () =>
            and(eq(tasks.status, 'open'), or(eq(tasks.assigneeUserId, user.id), eq(tasks.claimedByUserId, user.id)))!,
          unit: () =>
            and(
              eq(tasks.status, 'open'),
              addressedToMe(user),
              or(isNull(tasks.claimedByUserId), eq(tasks.claimedByUserId, user.id)),
            )!,
          completed: () => and(eq(tasks.status, 'completed'), eq(tasks.assigneeUnitId, user.unitId))!,
          jurisdiction: () => and(eq(tasks.status, 'open'), visibleUnits(user, tasks.assigneeUnitId))!,
        };
        return and(
          scopes[q.scope](),
          q.type ? eq(tasks.type, q.type) : undefined,
          q.status ? eq(tasks.status, q.status) : undefined,
          q.overdue === 'true'
            ? and(eq(tasks.status, 'open'), or(eq(tasks.overdue, true), lt(tasks.dueAt, new Date())))
            : undefined,
          q.overdue === 'false' ? and(eq(tasks.overdue, false), sql`${tasks.dueAt} >= now()`) : undefined,
          q.dueBefore ? lt(tasks.dueAt, new Date(q.dueBefore)) : undefined,
          q.unitId ? eq(tasks.assigneeUnitId, q.unitId) : undefined,
        );
      };
      const prepared =
        (q.scope === 'unit' || q.scope === 'mine') && !q.type && !q.status && !q.overdue && !q.dueBefore && !q.unitId;
      const page = await pageOf(db, tasks, where, q, (limit, offset) =>
        prepared
          ? inboxPage(db, user, q.scope as 'unit' | 'mine', limit, offset)
          : db
              .select()
              .from(tasks)
              .where(where())
              .orderBy(asc(tasks.dueAt), asc(tasks.createdAt))
              .limit(limit)
              .offset(offset),
      );
      return c.json({ ...page, items: page.items.map(present) }, 200);
    })
    .openapi(get, async (c) => {
      const task = await visibleTask(c.get('user'), c.req.valid('param').id);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'task',
        objectId: task.id,
        outcome: 'success',
      });
      return c.json(present(task), 200);
    })
    .openapi(claim, async (c) => {
      const user = c.get('user');
      const task = await actionableTask(user, c.req.valid('param').id);
      const claimed = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(tasks)
          .set({ claimedByUserId: user.id, updatedAt: sql`now()` })
          .where(
            and(
              eq(tasks.id, task.id),
              eq(tasks.status, 'open'),
              or(isNull(tasks.claimedByUserId), eq(tasks.claimedByUserId, user.id)),
            ),
          )
          .returning();
        if (!row) throw await claimFailure(tx, task.id, user.id);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'claim',
          objectType: 'task',
          objectId: task.id,
          outcome: 'success',
        });
        return row;
      });
      return c.json(present(claimed), 200);
    })
    .openapi(unclaim, async (c) => {
      const user = c.get('user');
      const task = await actionableTask(user, c.req.valid('param').id);
      const released = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(tasks)
          .set({ claimedByUserId: null, updatedAt: sql`now()` })
          .where(and(eq(tasks.id, task.id), eq(tasks.status, 'open'), eq(tasks.claimedByUserId, user.id)))
          .returning();
        if (!row) throw new Refusal('conflict', '您没有认领这项任务，无需释放。');
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'unclaim',
          objectType: 'task',
          objectId: task.id,
          outcome: 'success',
        });
        return row;
      });
      return c.json(present(released), 200);
    })
    .openapi(complete, async (c) => {
      const user = c.get('user');
      const task = await actionableTask(user, c.req.valid('param').id);
      if (task.status !== 'open')
        throw new Refusal('conflict', `这项任务已${task.status === 'completed' ? '办结' : '撤销'}。`);
      const { input } = c.req.valid('json');
      // The form's own schema first (the workflow's validator applies it too), then the checks that need the database.
      const form = taskForm(task.type);
      const formProblems = form ? formErrors(form, input) : [];
      const problems = formProblems.length
        ? formProblems
        : ((await TASK_INPUT_CHECKS[task.type]?.(db, task, input)) ?? []);
      if (problems.length) throw new Refusal('validation_failed', validationMessage(problems), { fields: problems });
      // A refused answer (422/409/403) is audited as denied by app.onError; the task stays open.
      const result = await executeUpdate(
        temporal,
        task.workflowId,
        task.updateName,
        {
          taskId: task.id,
          taskKey: task.taskKey,
          actor: auditActor(user),
          requestId: c.get('requestId'),
          sourceIp: c.get('sourceIp'),
          input,
        },
        processStarter,
      );
      const [updated] = await db.select().from(tasks).where(eq(tasks.id, task.id));
      return c.json({ task: present(updated!), result }, 200);
    });
}
