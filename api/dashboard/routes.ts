// The officials' dashboard (首页; issue 14 item 5): open and overdue tasks by unit, inspection
// compliance per unit and per checklist item, rectifications past their deadline and the latest
// documents — all within the caller's jurisdiction (their unit's subtree). The blocks are
// independent queries, run side by side.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../context.js';
import { appendAudit } from '../../db/audit.js';
import { requireRole } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, json } from '../schemas.js';
import { DocumentSummary } from '../documents/routes.js';
import { documentFilter, documentRows } from '../documents/readable.js';
import { compliance, rectificationsOverdue, tasksByUnit } from './figures.js';

const RECENT_DOCUMENTS = 6;

const Rated = z.object({
  compliant: z.number(),
  nonCompliant: z.number(),
  notApplicable: z.number(),
  rate: z.number().nullable().openapi({ description: 'compliant / (compliant + non-compliant); null: none answered' }),
});

const DashboardSchema = z
  .object({
    unitId: z.number(),
    asOf: z.string(),
    tasks: z.object({
      open: z.number(),
      overdue: z.number(),
      units: z.array(z.object({ unitId: z.number(), name: z.string(), open: z.number(), overdue: z.number() })),
    }),
    compliance: z.object({
      overallRate: z.number().nullable(),
      units: z.array(
        Rated.extend({
          unitId: z.number(),
          name: z.string(),
          inspectionId: z.string().openapi({ description: 'The latest answered inspection, whose answers count' }),
        }),
      ),
      items: z.array(Rated.extend({ key: z.string(), text: z.string(), article: z.string() })),
    }),
    rectificationsOverdue: z.array(
      z.object({
        inspectionId: z.string(),
        unitId: z.number(),
        name: z.string(),
        dueAt: z.string(),
        daysOverdue: z.number(),
        openFindings: z.number(),
      }),
    ),
    recentDocuments: z.array(DocumentSummary),
  })
  .openapi('Dashboard');

const get = createRoute({
  method: 'get',
  path: '/dashboard',
  tags: ['dashboard'],
  security: bearer,
  summary:
    "The officials' dashboard over your jurisdiction: open and overdue tasks by unit, inspection compliance " +
    'per unit and per item, overdue rectifications, recent documents (official, commission leader, inspector)',
  responses: { 200: { description: 'The figures', ...json(DashboardSchema) }, ...commonErrors },
});

export function dashboardRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(get, async (c) => {
    const user = c.get('user');
    requireRole(user, ['official', 'commission_leader', 'inspector'], '查看首页统计');
    const now = new Date();
    const [taskFigures, rates, rectifications, recentDocuments] = await Promise.all([
      tasksByUnit(db, user.unitPath, now),
      compliance(db, user.unitPath),
      rectificationsOverdue(db, user.unitPath, now),
      documentRows(db, documentFilter(user, {}), RECENT_DOCUMENTS),
    ]);
    await appendAudit(db, {
      ...auditContext(c),
      action: 'read',
      objectType: 'dashboard',
      objectId: String(user.unitId),
      outcome: 'success',
    });
    return c.json(
      {
        unitId: user.unitId,
        asOf: now.toISOString(),
        tasks: taskFigures,
        compliance: rates,
        rectificationsOverdue: rectifications,
        recentDocuments,
      },
      200,
    );
  });
}
