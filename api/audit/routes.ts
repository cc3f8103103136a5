// The audit trail for auditors (000 第二十九条, 004 8.2.4): filter, page, export, verify the chain.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, getTableColumns, gte, isNull, lte, or, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { auditEvents, auditSeals } from '../../db/schema.js';
import { appendAudit } from '../../db/audit.js';
import { CHAIN_PROBLEMS, verifyAuditChain } from '../../db/audit-verify.js';
import { requireRole, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { AUDIT_OUTCOMES } from '../../domain/identity.js';
import { bearer, commonErrors, IdText, json, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';

const AuditQuery = Pagination.extend({
  actorUserId: IdText.optional(),
  unitId: IdText.optional().openapi({ description: "Actor's unit" }),
  objectType: z.string().max(50).optional(),
  objectId: z.string().max(300).optional(),
  action: z.string().max(50).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const AuditRow = z
  .object({
    seq: z.number(),
    at: z.string(),
    actorUserId: z.number().nullable(),
    actorName: z.string().nullable(),
    actorUsername: z.string().nullable(),
    actorUnitId: z.number().nullable(),
    actorRoles: z.string().nullable(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    requestId: z.string().nullable(),
    sourceIp: z.string().nullable(),
    outcome: z.string(),
    detail: z.unknown(),
    hash: z
      .string()
      .nullable()
      .openapi({ description: 'Its seal in the chain; null until the sealer has linked it (within about a second)' }),
  })
  .openapi('AuditEvent');

const list = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  security: bearer,
  summary: 'Audit events of your jurisdiction, newest first (auditor); format=csv exports the filtered rows',
  request: { query: AuditQuery },
  responses: {
    200: {
      description: 'A page of events',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(AuditRow), total: z.number(), page: z.number(), pageSize: z.number() }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...commonErrors,
  },
});

const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
const ChainVerdict = z
  .object({
    ok: z.boolean(),
    code: z.enum(['audit_chain_intact', 'audit_chain_broken']),
    message: z.string(),
    rows: z.number().openapi({ description: 'Seals checked' }),
    broken: paged(
      z.object({
        position: z.number(),
        seq: z.number(),
        problems: z.array(
          z.object({ code: z.enum(Object.keys(CHAIN_PROBLEMS) as [keyof typeof CHAIN_PROBLEMS]), message: z.string() }),
        ),
      }),
    ).openapi({ description: 'Every seal that fails, in chain order, paged' }),
    verifiedRanges: paged(
      z.object({
        fromPosition: z.number(),
        toPosition: z.number(),
        fromSeq: z.number(),
        toSeq: z.number(),
        rows: z.number(),
      }),
    ).openapi({
      description: 'The stretches of consecutive seals that verify, paged like `broken`',
    }),
  })
  .openapi('AuditChainVerdict');

const verify = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['audit'],
  security: bearer,
  summary:
    'Seal what is pending, then check the whole chain: every broken row (paged) and the ranges that verify (auditor)',
  request: { query: Pagination },
  responses: { 200: { description: 'Verdict', ...json(ChainVerdict) }, ...commonErrors },
});

const CSV_EXPORT_LIMIT = 100_000;

function scope(user: CurrentUser): SQL {
  // Sign-in attempts with unknown usernames belong to no unit; only auditors at the root see them.
  const root = user.unitPath.split('/').filter(Boolean).length === 1;
  return root
    ? or(visibleUnits(user, auditEvents.actorUnitId), isNull(auditEvents.actorUnitId))!
    : visibleUnits(user, auditEvents.actorUnitId);
}

/**
 * A text cell a spreadsheet will not run as a formula: one starting with = + - @ tab or carriage
 * return gets a leading single quote (OWASP, CSV injection). User-controlled fields (names,
 * object ids, reasons) reach the export.
 */
export const spreadsheetSafe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function auditRoutes({ db, env }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const user = c.get('user');
      requireRole(user, ['auditor'], '查阅审计日志');
      const q = c.req.valid('query');
      const where = and(
        scope(user),
        q.actorUserId ? eq(auditEvents.actorUserId, q.actorUserId) : undefined,
        q.unitId ? eq(auditEvents.actorUnitId, q.unitId) : undefined,
        q.objectType ? eq(auditEvents.objectType, q.objectType) : undefined,
        q.objectId ? eq(auditEvents.objectId, q.objectId) : undefined,
        q.action ? eq(auditEvents.action, q.action) : undefined,
        q.outcome ? eq(auditEvents.outcome, q.outcome) : undefined,
        q.from ? gte(auditEvents.at, new Date(q.from)) : undefined,
        q.to ? lte(auditEvents.at, new Date(q.to)) : undefined,
      );
      const base = db
        .select({ ...getTableColumns(auditEvents), hash: auditSeals.hash })
        .from(auditEvents)
        .leftJoin(auditSeals, eq(auditSeals.eventSeq, auditEvents.seq))
        .where(where)
        .orderBy(desc(auditEvents.seq));
      // Reading the trail is itself an access worth recording.
      await appendAudit(db, {
        ...auditContext(c),
        action: q.format === 'csv' ? 'export' : 'read',
        objectType: 'audit_trail',
        outcome: 'success',
        detail: { filter: { ...q, page: undefined, pageSize: undefined } },
      });
      if (q.format === 'csv') {
        const rows = await base.limit(CSV_EXPORT_LIMIT);
        const csv = stringify(
          rows.map((r) => ({ ...r, at: r.at.toISOString(), detail: r.detail ? JSON.stringify(r.detail) : '' })),
          { header: true, bom: true, cast: { string: spreadsheetSafe } },
        );
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        });
      }
      const page = await pageOf(db, auditEvents, where, q, (limit, offset) => base.limit(limit).offset(offset));
      return c.json({ ...page, items: page.items.map((r) => ({ ...r, at: r.at.toISOString() })) }, 200);
    })
    .openapi(verify, async (c) => {
      requireRole(c.get('user'), ['auditor'], '核验审计日志');
      const verdict = await verifyAuditChain(db, env.AUDIT_KEY, c.req.valid('query'));
      await appendAudit(db, {
        ...auditContext(c),
        action: 'verify',
        objectType: 'audit_trail',
        outcome: 'success',
        detail: { ok: verdict.ok, rows: verdict.rows, broken: verdict.broken.total },
      });
      return c.json(verdict, 200);
    });
}
