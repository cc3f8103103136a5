// Accountability cases of the caller's jurisdiction (opened e.g. by an overdue rectification), for the
// circulars-and-accountability process.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { desc } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { accountabilityCases } from '../../db/schema.js';
import { visibleUnits } from '../policy.js';
import { bearer, commonErrors, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { AccountabilityCaseRow } from '../row-schemas.js';

const AccountabilityCase = AccountabilityCaseRow;

const cases = createRoute({
  method: 'get',
  path: '/accountability-cases',
  tags: ['accountability-cases'],
  security: bearer,
  request: { query: Pagination },
  summary: 'Accountability cases of your jurisdiction (e.g. overdue rectification)',
  responses: {
    200: {
      description: 'Cases',
      ...json(PageSchema(AccountabilityCase)),
    },
    ...commonErrors,
  },
});

export function accountabilityCaseRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(cases, async (c) => {
    const user = c.get('user');
    const where = visibleUnits(user, accountabilityCases.unitId);
    const page = await pageOf(db, accountabilityCases, where, c.req.valid('query'), (limit, offset) =>
      db
        .select()
        .from(accountabilityCases)
        .where(where)
        .orderBy(desc(accountabilityCases.createdAt), desc(accountabilityCases.id))
        .limit(limit)
        .offset(offset),
    );
    return c.json(
      {
        ...page,
        items: page.items.map((r) => ({
          id: r.id,
          unitId: r.unitId,
          sourceType: r.sourceType,
          sourceId: r.sourceId,
          reason: r.reason,
          status: r.status,
          createdAt: r.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
}
