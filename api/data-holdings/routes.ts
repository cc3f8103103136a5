// The data-holdings register (000 第十四条, 第三十条): each unit keeps the list of datasets,
// systems, backups, storage media, document sets and accounts/keys it manages; supervisors read
// it. A handover's transfer list is pre-filled from it and moves the rows to the receiving unit.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { dataHoldings, units, type DataHolding } from '../../db/schema.js';
import { HOLDING_KINDS, HOLDING_STATUSES } from '../../domain/data-holdings.js';
import { assertUnitVisible, requireRole, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, IdParam, IdText, json, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { CreateHoldingSchema, HoldingFields, StorageLocationSchema } from './schemas.js';

const HoldingSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    kind: z.enum(HOLDING_KINDS),
    description: z.string(),
    recordCount: z.number(),
    volume: z.string(),
    format: z.string(),
    sha256: z.string(),
    storageLocation: StorageLocationSchema,
    encryption: z.string(),
    serialNumber: z.string().nullable(),
    protectionLevel: z.number().nullable().openapi({ description: '等级保护级别（信息系统，000 第二十七条）' }),
    filingNumber: z.string().nullable().openapi({ description: '等级保护备案编号（信息系统）' }),
    status: z.enum(HOLDING_STATUSES),
    transferredFromUnitId: z.number().nullable(),
    handoverId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('DataHolding');

const CreateHolding = CreateHoldingSchema.openapi('CreateDataHolding');
// The kind is fixed once registered; a storage medium keeps its serial number (checked below).
const UpdateHolding = HoldingFields.omit({ kind: true })
  .extend({ serialNumber: HoldingFields.shape.serialNumber.unwrap().nullable() })
  .partial()
  .openapi('UpdateDataHolding');
const HoldingQuery = Pagination.extend({
  unitId: IdText.optional(),
  kind: z.enum(HOLDING_KINDS).optional(),
  status: z.enum(HOLDING_STATUSES).default('active'),
});

const list = createRoute({
  method: 'get',
  path: '/data-holdings',
  tags: ['data holdings'],
  security: bearer,
  summary: "The register: your unit's holdings, or your jurisdiction's",
  request: { query: HoldingQuery },
  responses: {
    200: {
      description: 'A page of holdings',
      ...json(z.object({ items: z.array(HoldingSchema), total: z.number(), page: z.number(), pageSize: z.number() })),
    },
    ...commonErrors,
  },
});
const get = createRoute({
  method: 'get',
  path: '/data-holdings/{id}',
  tags: ['data holdings'],
  security: bearer,
  summary: 'One holding',
  request: { params: IdParam },
  responses: { 200: { description: 'Holding', ...json(HoldingSchema) }, ...commonErrors },
});
const create = createRoute({
  method: 'post',
  path: '/data-holdings',
  tags: ['data holdings'],
  security: bearer,
  summary: 'Register a holding of your unit (unit staff or leader)',
  request: { body: { required: true, ...json(CreateHolding) } },
  responses: { 201: { description: 'Registered', ...json(HoldingSchema) }, ...commonErrors },
});
const update = createRoute({
  method: 'patch',
  path: '/data-holdings/{id}',
  tags: ['data holdings'],
  security: bearer,
  summary: 'Correct a holding of your unit',
  request: { params: IdParam, body: { required: true, ...json(UpdateHolding) } },
  responses: {
    200: { description: 'Updated', ...json(HoldingSchema) },
    409: { description: 'No longer active', ...json(z.object({})) },
    ...commonErrors,
  },
});
const retire = createRoute({
  method: 'delete',
  path: '/data-holdings/{id}',
  tags: ['data holdings'],
  security: bearer,
  summary: 'Retire a holding (kept, marked retired)',
  request: { params: IdParam },
  responses: { 200: { description: 'Retired', ...json(HoldingSchema) }, ...commonErrors },
});

const present = (h: DataHolding) => ({
  ...h,
  storageLocation: { country: h.country, region: h.region },
  country: undefined,
  region: undefined,
  createdAt: h.createdAt.toISOString(),
  updatedAt: h.updatedAt.toISOString(),
});

/**
 * Only the unit's own staff and leaders keep its register. The caller already sees the unit (404
 * otherwise), so anyone else is answered 403: a supervisor reads the register but does not keep it.
 */
function assertKeeper(user: CurrentUser, unitId: number): void {
  if (user.unitId !== unitId)
    throw new AppError('forbidden', '只有本单位的工作人员或负责人可以维护本单位的数据资产登记；上级监管部门只能查阅。');
  requireRole(user, ['unit_staff', 'unit_leader'], '维护本单位的数据资源登记');
}

export function dataHoldingRoutes({ db }: AppDeps) {
  async function visibleHolding(user: CurrentUser, id: number): Promise<DataHolding> {
    const [row] = await db
      .select({ holding: dataHoldings, path: units.path })
      .from(dataHoldings)
      .innerJoin(units, eq(units.id, dataHoldings.unitId))
      .where(eq(dataHoldings.id, id));
    if (!row) throw new AppError('not_found', '未找到该数据资源登记。');
    assertUnitVisible(user, { id: row.holding.unitId, path: row.path }, '数据资源登记');
    return row.holding;
  }

  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const user = c.get('user');
      const q = c.req.valid('query');
      const where = and(
        visibleUnits(user, dataHoldings.unitId),
        eq(dataHoldings.status, q.status),
        q.unitId ? eq(dataHoldings.unitId, q.unitId) : undefined,
        q.kind ? eq(dataHoldings.kind, q.kind) : undefined,
      );
      const page = await pageOf(db, dataHoldings, where, q, (limit, offset) =>
        db
          .select()
          .from(dataHoldings)
          .where(where)
          .orderBy(asc(dataHoldings.unitId), asc(dataHoldings.id))
          .limit(limit)
          .offset(offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'data_holding',
        outcome: 'success',
        detail: { unitId: q.unitId, count: page.items.length },
      });
      return c.json({ ...page, items: page.items.map(present) }, 200);
    })
    .openapi(get, async (c) => {
      const holding = await visibleHolding(c.get('user'), c.req.valid('param').id);
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'data_holding',
        objectId: holding.id,
        outcome: 'success',
      });
      return c.json(present(holding), 200);
    })
    .openapi(create, async (c) => {
      const user = c.get('user');
      const { unitId = user.unitId, storageLocation, ...facts } = c.req.valid('json');
      const [unit] = await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, unitId));
      assertUnitVisible(user, unit, '单位');
      assertKeeper(user, unitId);
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(dataHoldings)
          .values({ ...facts, unitId, country: storageLocation.country, region: storageLocation.region })
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'data_holding',
          objectId: inserted!.id,
          outcome: 'success',
          detail: { kind: facts.kind, unitId },
        });
        return inserted!;
      });
      c.header('location', `/data-holdings/${row.id}`);
      return c.json(present(row), 201);
    })
    .openapi(update, async (c) => {
      const user = c.get('user');
      const holding = await visibleHolding(user, c.req.valid('param').id);
      assertKeeper(user, holding.unitId);
      const { storageLocation, ...changes } = c.req.valid('json');
      if (holding.kind === 'storage_medium' && changes.serialNumber === null)
        throw new AppError('validation_failed', '存储介质须登记序列号（000 第三十条）。', {
          fields: [{ field: 'serialNumber', message: '存储介质须填写序列号' }],
        });
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(dataHoldings)
          .set({
            ...changes,
            ...(storageLocation ? { country: storageLocation.country, region: storageLocation.region } : {}),
            updatedAt: sql`now()`,
          })
          .where(and(eq(dataHoldings.id, holding.id), eq(dataHoldings.status, 'active')))
          .returning();
        if (!updated) throw new AppError('conflict', '该登记已不在有效状态，不能修改。');
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'update',
          objectType: 'data_holding',
          objectId: holding.id,
          outcome: 'success',
          detail: { fields: Object.keys(c.req.valid('json')) },
        });
        return updated;
      });
      return c.json(present(row), 200);
    })
    .openapi(retire, async (c) => {
      const user = c.get('user');
      const holding = await visibleHolding(user, c.req.valid('param').id);
      assertKeeper(user, holding.unitId);
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(dataHoldings)
          .set({ status: 'retired', updatedAt: sql`now()` })
          .where(and(eq(dataHoldings.id, holding.id), eq(dataHoldings.status, 'active')))
          .returning();
        if (!updated) throw new AppError('conflict', '该登记已注销或已移交。');
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'retire',
          objectType: 'data_holding',
          objectId: holding.id,
          outcome: 'success',
        });
        return updated;
      });
      return c.json(present(row), 200);
    });
}
