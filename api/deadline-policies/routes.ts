// Deadline policies are data (README, Development): everyone may read them, admins edit them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { asc, eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { deadlinePolicies } from '../../db/schema.js';
import { DEADLINE_UNITS } from '../../domain/deadlines.js';
import { deadlineFrom } from '../../domain/deadline-arithmetic.js';
import { requireRole } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { DeadlinePolicyRow } from '../row-schemas.js';
import { bearer, commonErrors, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';

const Policy = DeadlinePolicyRow;
const UpdatePolicy = z
  .strictObject({
    unit: z.enum(DEADLINE_UNITS).optional(),
    amount: z.number().int().min(1).max(3650).optional(),
    description: z.string().min(2).max(200).optional(),
    basis: z.string().max(200).nullable().optional(),
  })
  .openapi('UpdateDeadlinePolicy');
const Key = z.object({ key: z.string().regex(/^[a-z0-9_.]+$/) });

const list = createRoute({
  method: 'get',
  path: '/deadline-policies',
  tags: ['deadlines'],
  security: bearer,
  summary: 'Deadline policies with the deadline each gives if started now',
  request: { query: Pagination },
  responses: {
    200: { description: 'A page', ...json(PageSchema(Policy.extend({ deadlineIfStartedNow: z.string() }))) },
    ...commonErrors,
  },
});
const update = createRoute({
  method: 'patch',
  path: '/deadline-policies/{key}',
  tags: ['deadlines'],
  security: bearer,
  summary: 'Change a policy (admin); running processes keep the deadlines they already have',
  request: { params: Key, body: { required: true, ...json(UpdatePolicy) } },
  responses: { 200: { description: 'Updated', ...json(Policy) }, ...commonErrors },
});

const present = (p: typeof deadlinePolicies.$inferSelect) => ({
  key: p.key,
  unit: p.unit,
  amount: p.amount,
  description: p.description,
  basis: p.basis,
  updatedAt: p.updatedAt.toISOString(),
});

export function deadlinePolicyRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const page = await pageOf(db, deadlinePolicies, undefined, c.req.valid('query'), (limit, offset) =>
        db.select().from(deadlinePolicies).orderBy(asc(deadlinePolicies.key)).limit(limit).offset(offset),
      );
      const now = new Date();
      return c.json(
        { ...page, items: page.items.map((p) => ({ ...present(p), deadlineIfStartedNow: deadlineFrom(p, now).at })) },
        200,
      );
    })
    .openapi(update, async (c) => {
      requireRole(c.get('user'), ['admin'], '修改时限策略');
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(deadlinePolicies)
          .set({ ...body, updatedAt: sql`now()` })
          .where(eq(deadlinePolicies.key, key))
          .returning();
        if (!row) throw new AppError('not_found', `没有名为“${key}”的时限策略。`);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'update',
          objectType: 'deadline_policy',
          objectId: key,
          outcome: 'success',
          detail: body,
        });
        return row;
      });
      return c.json(present(updated), 200);
    });
}
