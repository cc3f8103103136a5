// Official documents: listed for, described to and downloadable by the issuing unit's jurisdiction
// and their recipients.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { documents, units } from '../../db/schema.js';
import { canSeeUnit } from '../policy.js';
import { markCircularRead } from '../../db/circular-reads.js';
import { CIRCULAR_DOCUMENT_KIND } from '../../domain/circulars.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, json, PageSchema, Pagination } from '../schemas.js';
import { pageOf } from '../paging.js';
import { documentFilter, documentRows, readableBy } from './readable.js';
import { DOCUMENT_KIND_KEYS } from '../../domain/document-kinds.js';

const DocumentId = z.object({ id: z.uuid() });

const download = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags: ['documents'],
  security: bearer,
  summary: 'Download an official document (PDF)',
  request: { params: DocumentId },
  responses: {
    200: {
      description: 'The PDF, named by its number and title',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...commonErrors,
  },
});

export const DocumentSummary = z
  .object({
    id: z.string(),
    kind: z.string(),
    kindName: z.string().openapi({ example: '整改通知书' }),
    number: z.string().nullable().openapi({ example: '豫卫监〔2026〕3号' }),
    title: z.string(),
    unitId: z.number(),
    unitName: z.string().openapi({ description: 'The issuing unit' }),
    recipients: z.array(z.object({ id: z.number(), name: z.string() })).openapi({ description: '主送 / 抄送 units' }),
    sha256: z.string(),
    sizeBytes: z.number(),
    workflowId: z.string().nullable().openapi({ description: 'The process that issued it' }),
    createdAt: z.string(),
  })
  .openapi('DocumentSummary');

const Day = z.iso.date('须为 YYYY-MM-DD 格式的日期');
const ListQuery = Pagination.extend({
  kind: z.enum(DOCUMENT_KIND_KEYS).optional(),
  text: z.string().trim().min(1).max(100).optional().openapi({ description: 'Part of the number or the title' }),
  from: Day.optional().openapi({ description: 'Issued on or after this day (China time)' }),
  to: Day.optional().openapi({ description: 'Issued on or before this day (China time)' }),
})
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '起始日期不得晚于截止日期', path: ['to'] });

const list = createRoute({
  method: 'get',
  path: '/documents',
  tags: ['documents'],
  security: bearer,
  summary: 'Official documents you may read (issued in your jurisdiction or sent to your unit), newest first',
  request: { query: ListQuery },
  responses: { 200: { description: 'A page', ...json(PageSchema(DocumentSummary)) }, ...commonErrors },
});

const meta = createRoute({
  method: 'get',
  path: '/documents/{id}/meta',
  tags: ['documents'],
  security: bearer,
  summary: "An official document's number, title, issuer, recipients, size and sha256 (not the PDF)",
  request: { params: DocumentId },
  responses: { 200: { description: 'The document', ...json(DocumentSummary) }, ...commonErrors },
});

export function mayReadDocument(
  user: CurrentUser,
  doc: { unitId: number; recipientUnitIds: number[] },
  issuerPath: string,
): boolean {
  return canSeeUnit(user, { id: doc.unitId, path: issuerPath }) || doc.recipientUnitIds.includes(user.unitId);
}

export function documentRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const user = c.get('user');
      const { page, pageSize, ...filter } = c.req.valid('query');
      const where = documentFilter(user, filter);
      const result = await pageOf(db, documents, where, { page, pageSize }, (limit, offset) =>
        documentRows(db, where, limit, offset),
      );
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'document',
        objectId: null,
        outcome: 'success',
        detail: { ...filter, total: result.total },
      });
      return c.json(result, 200);
    })
    .openapi(meta, async (c) => {
      const { id } = c.req.valid('param');
      const [row] = await documentRows(db, and(eq(documents.id, id), readableBy(c.get('user')))!, 1);
      if (!row) throw new AppError('not_found', '未找到该文书。');
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'document',
        objectId: id,
        outcome: 'success',
        detail: { number: row.number },
      });
      return c.json(row, 200);
    })
    .openapi(download, async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const [row] = await db
        .select({ doc: documents, issuerPath: units.path })
        .from(documents)
        .innerJoin(units, eq(units.id, documents.unitId))
        .where(eq(documents.id, id));
      if (!row || !mayReadDocument(user, row.doc, row.issuerPath)) throw new AppError('not_found', '未找到该文书。');
      await appendAudit(db, {
        ...auditContext(c),
        action: 'download',
        objectType: 'document',
        objectId: id,
        outcome: 'success',
        detail: { number: row.doc.number },
      });
      // A circular's PDF opened by one of its recipients counts as read in the sender's receipt table.
      if (
        row.doc.kind === CIRCULAR_DOCUMENT_KIND &&
        row.doc.workflowId &&
        row.doc.recipientUnitIds.includes(user.unitId)
      )
        await markCircularRead(db, row.doc.workflowId, user.unitId, user.id);
      const filename = `${row.doc.number ?? ''}${row.doc.title}.pdf`.replace(/[\\/:*?"<>|\r\n]/g, '_');
      return c.body(new Uint8Array(row.doc.pdf), 200, {
        'content-type': 'application/pdf',
        'content-length': String(row.doc.sizeBytes),
        // RFC 6266 / 5987: an ASCII fallback plus the UTF-8 Chinese name.
        'content-disposition': `attachment; filename="document-${id}.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        'x-content-sha256': row.doc.sha256,
      });
    });
}
