// Official documents: downloadable by the issuing unit's jurisdiction and by their recipients.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppDeps, AppEnv, CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { documents, units } from '../../db/schema.js';
import { canSeeUnit } from '../policy.js';
import { markCircularRead } from '../../db/circular-reads.js';
import { CIRCULAR_DOCUMENT_KIND } from '../../domain/circulars.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors } from '../schemas.js';

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

export function mayReadDocument(
  user: CurrentUser,
  doc: { unitId: number; recipientUnitIds: number[] },
  issuerPath: string,
): boolean {
  return canSeeUnit(user, { id: doc.unitId, path: issuerPath }) || doc.recipientUnitIds.includes(user.unitId);
}

export function documentRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(download, async (c) => {
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
    if (row.doc.kind === CIRCULAR_DOCUMENT_KIND && row.doc.workflowId && row.doc.recipientUnitIds.includes(user.unitId))
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
