// Jurisdiction units: visible within the user's scope; admins create and edit them in their subtree.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { asc, eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { units } from '../../db/schema.js';
import { UNIT_KINDS } from '../../domain/identity.js';
import { assertUnitVisible, requireRole, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { UnitRow } from '../row-schemas.js';
import { bearer, commonErrors, ErrorBody, Id, IdParam, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';

const UnitSchema = UnitRow;

// 000 第十二条: 18-character unified social credit code (统一社会信用代码) or 9-character organisation code.
const OrgCode = z
  .string()
  .regex(
    /^([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|[0-9A-Z]{8}-?[0-9X])$/,
    '须为 18 位统一社会信用代码或 9 位组织机构代码（000 第十二条）',
  );
const CreateUnit = z
  .strictObject({
    orgCode: OrgCode,
    name: z.string().min(2).max(100),
    kind: z.enum(UNIT_KINDS),
    parentId: Id,
    docPrefix: z.string().min(1).max(10).optional(),
  })
  .openapi('CreateUnit');
const UpdateUnit = z
  .strictObject({
    name: z.string().min(2).max(100).optional(),
    docPrefix: z.string().min(1).max(10).nullable().optional(),
  })
  .openapi('UpdateUnit');

const errors = commonErrors;

const list = createRoute({
  method: 'get',
  path: '/units',
  tags: ['units'],
  summary: 'Units in your jurisdiction',
  security: bearer,
  request: { query: Pagination },
  responses: { 200: { description: 'A page', ...json(PageSchema(UnitSchema)) }, ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/units/{id}',
  tags: ['units'],
  summary: 'One unit',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { description: 'Unit', ...json(UnitSchema) }, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/units',
  tags: ['units'],
  summary: 'Create a unit under a parent in your jurisdiction (admin)',
  security: bearer,
  request: { body: { required: true, ...json(CreateUnit) } },
  responses: {
    201: { description: 'Created', ...json(UnitSchema) },
    409: { description: 'Organisation code taken', ...json(ErrorBody) },
    ...errors,
  },
});
const update = createRoute({
  method: 'patch',
  path: '/units/{id}',
  tags: ['units'],
  summary: 'Rename a unit or change its document prefix (admin)',
  security: bearer,
  request: { params: IdParam, body: { required: true, ...json(UpdateUnit) } },
  responses: { 200: { description: 'Updated', ...json(UnitSchema) }, ...errors },
});

const columns = {
  id: units.id,
  orgCode: units.orgCode,
  name: units.name,
  kind: units.kind,
  parentId: units.parentId,
  path: units.path,
  docPrefix: units.docPrefix,
};

export function unitRoutes({ db }: AppDeps) {
  const findUnit = async (id: number) => (await db.select(columns).from(units).where(eq(units.id, id)))[0];
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const where = visibleUnits(c.get('user'), units.id);
      const page = await pageOf(db, units, where, c.req.valid('query'), (limit, offset) =>
        db.select(columns).from(units).where(where).orderBy(asc(units.path)).limit(limit).offset(offset),
      );
      return c.json(page, 200);
    })
    .openapi(get, async (c) => {
      const unit = await findUnit(c.req.valid('param').id);
      assertUnitVisible(c.get('user'), unit, '单位');
      return c.json(unit, 200);
    })
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const parent = await findUnit(body.parentId);
      assertUnitVisible(user, parent, '上级单位');
      requireRole(user, ['admin'], '创建单位');
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(units)
          .values({ ...body, path: '' })
          .onConflictDoNothing()
          .returning({ id: units.id });
        if (!row) throw new AppError('conflict', `统一社会信用代码（组织机构代码）为 ${body.orgCode} 的单位已存在。`);
        const [unit] = await tx
          .update(units)
          .set({ path: `${parent.path}${row.id}/` })
          .where(eq(units.id, row.id))
          .returning(columns);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'unit',
          objectId: row.id,
          outcome: 'success',
          detail: { orgCode: body.orgCode, name: body.name },
        });
        return unit!;
      });
      c.header('location', `/units/${created.id}`);
      return c.json(created, 201);
    })
    .openapi(update, async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const unit = await findUnit(id);
      assertUnitVisible(user, unit, '单位');
      requireRole(user, ['admin'], '修改单位');
      const body = c.req.valid('json');
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(units)
          .set({ ...body, updatedAt: sql`now()` })
          .where(eq(units.id, id))
          .returning(columns);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'update',
          objectType: 'unit',
          objectId: id,
          outcome: 'success',
          detail: body,
        });
        return row!;
      });
      return c.json(updated, 200);
    });
}
