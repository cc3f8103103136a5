// Inspection checklist templates, versioned: editing makes a new version, and an inspection
// already running keeps the version it started with. Officials and inspectors maintain them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { desc, eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { checklistTemplates, type ChecklistTemplate } from '../../db/schema.js';
import { requireRole } from '../policy.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, IdParam, json } from '../schemas.js';

const Item = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{2,50}$/, 'must be 2–50 lower-case letters, digits or hyphens'),
  text: z.string().trim().min(2).max(300),
  article: z.string().trim().min(2).max(50).openapi({ example: '000 第十八条' }),
  guidance: z.string().trim().max(500).default(''),
  evidenceRequired: z.boolean().default(false),
});
const Items = z.array(Item).min(1).max(200).refine((items) => new Set(items.map((i) => i.key)).size === items.length, 'item keys must be unique');
const TemplateSchema = z.object({ id: z.number(), code: z.string(), version: z.number(), title: z.string(), items: z.array(Item), ownerUnitId: z.number().nullable(), createdAt: z.string() }).openapi('ChecklistTemplate');
const CreateTemplate = z.strictObject({ code: z.string().regex(/^[a-z0-9-]{2,50}$/), title: z.string().trim().min(2).max(100), items: Items }).openapi('CreateChecklistTemplate');
const NewVersion = z.strictObject({ title: z.string().trim().min(2).max(100).optional(), items: Items }).openapi('NewChecklistVersion');
const Code = z.object({ code: z.string().regex(/^[a-z0-9-]{2,50}$/) });

const list = createRoute({ method: 'get', path: '/checklist-templates', tags: ['inspections'], security: bearer, summary: 'Latest version of every checklist template', responses: { 200: { description: 'Templates', ...json(z.array(TemplateSchema)) }, ...commonErrors } });
const get = createRoute({ method: 'get', path: '/checklist-templates/{id}', tags: ['inspections'], security: bearer, summary: 'One template version', request: { params: IdParam }, responses: { 200: { description: 'Template', ...json(TemplateSchema) }, ...commonErrors } });
const create = createRoute({ method: 'post', path: '/checklist-templates', tags: ['inspections'], security: bearer, summary: 'Create a template (official or inspector)', request: { body: { required: true, ...json(CreateTemplate) } }, responses: { 201: { description: 'Created', ...json(TemplateSchema) }, 409: { description: 'Code taken', ...json(ErrorBody) }, ...commonErrors } });
const version = createRoute({ method: 'post', path: '/checklist-templates/{code}/versions', tags: ['inspections'], security: bearer, summary: 'Edit a template: a new version; running inspections keep theirs', request: { params: Code, body: { required: true, ...json(NewVersion) } }, responses: { 201: { description: 'New version', ...json(TemplateSchema) }, ...commonErrors } });

const present = (t: ChecklistTemplate) => ({ ...t, createdByUserId: undefined, createdAt: t.createdAt.toISOString() });

export function checklistTemplateRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const rows = await db.selectDistinctOn([checklistTemplates.code]).from(checklistTemplates).orderBy(checklistTemplates.code, desc(checklistTemplates.version));
      return c.json(rows.map(present), 200);
    })
    .openapi(get, async (c) => {
      const [row] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'Checklist template was not found.');
      return c.json(present(row), 200);
    })
    .openapi(create, async (c) => {
      const user = c.get('user');
      requireRole(user, ['official', 'inspector'], 'create checklist templates');
      const body = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx.insert(checklistTemplates).values({ ...body, version: 1, ownerUnitId: user.unitId, createdByUserId: user.id }).onConflictDoNothing().returning();
        if (!inserted) throw new AppError('conflict', `A checklist template with code ${body.code} already exists; add a version instead.`);
        await appendAudit(tx, { ...auditContext(c), action: 'create', objectType: 'checklist_template', objectId: inserted.id, outcome: 'success', detail: { code: body.code, items: body.items.length } });
        return inserted;
      });
      return c.json(present(row), 201);
    })
    .openapi(version, async (c) => {
      const user = c.get('user');
      requireRole(user, ['official', 'inspector'], 'edit checklist templates');
      const { code } = c.req.valid('param');
      const body = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        // Serialise editors of one code so versions stay gap-free.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`checklist:${code}`}))`);
        const [latest] = await tx.select().from(checklistTemplates).where(eq(checklistTemplates.code, code)).orderBy(desc(checklistTemplates.version)).limit(1);
        if (!latest) throw new AppError('not_found', 'Checklist template was not found.');
        const [inserted] = await tx.insert(checklistTemplates).values({ code, version: latest.version + 1, title: body.title ?? latest.title, items: body.items, ownerUnitId: user.unitId, createdByUserId: user.id }).returning();
        await appendAudit(tx, { ...auditContext(c), action: 'update', objectType: 'checklist_template', objectId: inserted!.id, outcome: 'success', detail: { code, version: inserted!.version } });
        return inserted!;
      });
      return c.json(present(row), 201);
    });
}

