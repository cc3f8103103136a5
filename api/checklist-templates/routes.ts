// Inspection checklist templates, versioned: editing makes a new version, and an inspection
// already running keeps the version it started with. Officials and inspectors maintain them.
// A template belongs to the unit that created it (the province for the seeded default, which has
// no owner): it is read by that unit, the units below it (whose inspectors use it) and the units
// above it (which supervise it), and changed only by officials and inspectors of the owner or a
// unit above it (属地管理). Outside that scope a template does not exist (404).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { checklistTemplates, units, type ChecklistTemplate } from '../../db/schema.js';
import { isSupervisory, requireRole } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, IdParam, json, PageSchema, Pagination } from '../schemas.js';

const Item = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{2,50}$/, '须为 2 至 50 个小写字母、数字或连字符'),
  text: z.string().trim().min(2).max(300),
  article: z.string().trim().min(2).max(50).openapi({ example: '000 第十八条' }),
  guidance: z.string().trim().max(500).default(''),
  evidenceRequired: z.boolean().default(false),
});
const Items = z
  .array(Item)
  .min(1)
  .max(200)
  .refine((items) => new Set(items.map((i) => i.key)).size === items.length, '检查项的 key 不得重复');
const TemplateSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    version: z.number(),
    title: z.string(),
    items: z.array(Item),
    ownerUnitId: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi('ChecklistTemplate');
const CreateTemplate = z
  .strictObject({ code: z.string().regex(/^[a-z0-9-]{2,50}$/), title: z.string().trim().min(2).max(100), items: Items })
  .openapi('CreateChecklistTemplate');
const NewVersion = z
  .strictObject({ title: z.string().trim().min(2).max(100).optional(), items: Items })
  .openapi('NewChecklistVersion');
const Code = z.object({ code: z.string().regex(/^[a-z0-9-]{2,50}$/) });

const list = createRoute({
  method: 'get',
  path: '/checklist-templates',
  tags: ['inspections'],
  security: bearer,
  summary: 'Latest version of every checklist template',
  request: { query: Pagination },
  responses: { 200: { description: 'A page', ...json(PageSchema(TemplateSchema)) }, ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/checklist-templates/{id}',
  tags: ['inspections'],
  security: bearer,
  summary: 'One template version',
  request: { params: IdParam },
  responses: { 200: { description: 'Template', ...json(TemplateSchema) }, ...commonErrors },
});
const create = createRoute({
  method: 'post',
  path: '/checklist-templates',
  tags: ['inspections'],
  security: bearer,
  summary: 'Create a template (official or inspector)',
  request: { body: { required: true, ...json(CreateTemplate) } },
  responses: {
    201: { description: 'Created', ...json(TemplateSchema) },
    409: { description: 'Code taken', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const version = createRoute({
  method: 'post',
  path: '/checklist-templates/{code}/versions',
  tags: ['inspections'],
  security: bearer,
  summary: 'Edit a template: a new version; running inspections keep theirs',
  request: { params: Code, body: { required: true, ...json(NewVersion) } },
  responses: { 201: { description: 'New version', ...json(TemplateSchema) }, ...commonErrors },
});

/** SQL: templates `user` may read — no owner (the province's), owned by their unit or one above it, or (supervisors) below it. */
function readable(user: CurrentUser): SQL {
  const below = isSupervisory(user) ? sql` or ${units.path} like ${`${user.unitPath}%`}` : sql``;
  return sql`(${checklistTemplates.ownerUnitId} is null or ${checklistTemplates.ownerUnitId} in (select ${units.id} from ${units} where ${user.unitPath} like ${units.path} || '%'${below}))`;
}

/** Whether `user`'s unit owns the template or is above its owner (the root unit for the default). */
function mayChange(user: CurrentUser, ownerPath: string | null): boolean {
  return ownerPath === null
    ? user.unitPath.split('/').filter(Boolean).length === 1
    : ownerPath.startsWith(user.unitPath);
}

const NOT_FOUND = '未找到该检查表模板。';

const present = (t: ChecklistTemplate) => ({ ...t, createdByUserId: undefined, createdAt: t.createdAt.toISOString() });

export function checklistTemplateRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const where = readable(c.get('user'));
      // One row per code (its latest version): the total counts codes, not versions.
      const [rows, [count]] = await Promise.all([
        db
          .selectDistinctOn([checklistTemplates.code])
          .from(checklistTemplates)
          .where(where)
          .orderBy(checklistTemplates.code, desc(checklistTemplates.version))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db
          .select({ n: sql<number>`count(distinct ${checklistTemplates.code})::int` })
          .from(checklistTemplates)
          .where(where),
      ]);
      return c.json({ items: rows.map(present), total: count!.n, page: q.page, pageSize: q.pageSize }, 200);
    })
    .openapi(get, async (c) => {
      const [row] = await db
        .select()
        .from(checklistTemplates)
        .where(and(eq(checklistTemplates.id, c.req.valid('param').id), readable(c.get('user'))));
      if (!row) throw new AppError('not_found', NOT_FOUND);
      return c.json(present(row), 200);
    })
    .openapi(create, async (c) => {
      const user = c.get('user');
      requireRole(user, ['official', 'inspector'], '创建检查表模板');
      const body = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(checklistTemplates)
          .values({ ...body, version: 1, ownerUnitId: user.unitId, createdByUserId: user.id })
          .onConflictDoNothing()
          .returning();
        if (!inserted) throw new AppError('conflict', `编号为 ${body.code} 的检查表模板已存在；请改为新增版本。`);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'checklist_template',
          objectId: inserted.id,
          outcome: 'success',
          detail: { code: body.code, items: body.items.length },
        });
        return inserted;
      });
      c.header('location', `/checklist-templates/${row.id}`);
      return c.json(present(row), 201);
    })
    .openapi(version, async (c) => {
      const user = c.get('user');
      const { code } = c.req.valid('param');
      const body = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        // Serialise editors of one code so versions stay gap-free.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`checklist:${code}`}))`);
        const [latest] = await tx
          .select({ template: checklistTemplates, ownerPath: units.path })
          .from(checklistTemplates)
          .leftJoin(units, eq(units.id, checklistTemplates.ownerUnitId))
          .where(and(eq(checklistTemplates.code, code), readable(user)))
          .orderBy(desc(checklistTemplates.version))
          .limit(1);
        if (!latest) throw new AppError('not_found', NOT_FOUND);
        requireRole(user, ['official', 'inspector'], '修改检查表模板');
        if (!mayChange(user, latest.ownerPath))
          throw new AppError(
            'forbidden',
            '只有清单所属单位及其上级单位的监管人员可以修订该检查清单；下级单位可以使用，或另建本单位的清单。',
          );
        // The template stays its owner's, whoever above it publishes the version.
        const [inserted] = await tx
          .insert(checklistTemplates)
          .values({
            code,
            version: latest.template.version + 1,
            title: body.title ?? latest.template.title,
            items: body.items,
            ownerUnitId: latest.template.ownerUnitId,
            createdByUserId: user.id,
          })
          .returning();
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'update',
          objectType: 'checklist_template',
          objectId: inserted!.id,
          outcome: 'success',
          detail: { code, version: inserted!.version },
        });
        return inserted!;
      });
      c.header('location', `/checklist-templates/${row.id}`);
      return c.json(present(row), 201);
    });
}
