// Evidence files of an inspection: uploaded by the inspected unit (stored with sha256; size and
// type limited, content checked against the declared type) and downloaded by whoever may see the
// inspection (004 8.2.1 用户隔离).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { evidenceFiles, units } from '../../db/schema.js';
import { EVIDENCE_LIMITS } from '../../domain/inspections.js';
import { canSeeUnit, hasRole } from '../policy.js';
import { circularAttaching } from '../../db/circular-reads.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, ErrorBody, json } from '../schemas.js';
import { EvidenceFileSchema as Evidence, readEvidenceUpload, storeEvidence } from '../evidence-upload.js';
import { InspectionId, visibleInspectionOf } from '../inspections/routes.js';

const EvidenceId = z.object({ id: z.uuid() });

const upload = createRoute({
  method: 'post',
  path: '/inspections/{id}/evidence',
  tags: ['evidence'],
  security: bearer,
  summary: `Upload an evidence file (multipart field "file"; at most ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MiB; PDF, PNG, JPEG, DOCX, XLSX or text)`,
  request: {
    params: InspectionId,
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) },
      },
    },
  },
  responses: {
    201: { description: 'Stored', ...json(Evidence) },
    413: { description: 'Too large', ...json(ErrorBody) },
    415: { description: 'Type not allowed', ...json(ErrorBody) },
    409: { description: 'Inspection closed', ...json(ErrorBody) },
    ...commonErrors,
  },
});
const download = createRoute({
  method: 'get',
  path: '/evidence/{id}',
  tags: ['evidence'],
  security: bearer,
  summary: 'Download an evidence file',
  request: { params: EvidenceId },
  responses: {
    200: {
      description: 'The file',
      content: Object.fromEntries(
        EVIDENCE_LIMITS.types.map((type) => [type, { schema: z.any().openapi({ type: 'string', format: 'binary' }) }]),
      ),
    },
    ...commonErrors,
  },
});

export function evidenceRoutes({ db }: AppDeps) {
  // The upload's size limit (file plus form overhead) and multipart-only rule are at the edge (api/app.ts), before sign-in.
  return new OpenAPIHono<AppEnv>()
    .openapi(upload, async (c) => {
      const user = c.get('user');
      const i = await visibleInspectionOf(db, user, c.req.valid('param').id);
      if (i.unitId !== user.unitId || !hasRole(user, 'unit_staff', 'unit_leader'))
        throw new AppError('forbidden', '仅受检单位的工作人员可以上传证据。');
      if (i.status === 'closed' || i.status === 'cancelled')
        throw new AppError('conflict', '该检查已结束，不再接收证据。');
      const stored = await storeEvidence(db, c, {
        owner: { inspectionId: i.id },
        unitId: i.unitId,
        file: await readEvidenceUpload(c),
      });
      c.header('location', `/evidence/${stored.id}`);
      return c.json(stored, 201);
    })
    .openapi(download, async (c) => {
      const user = c.get('user');
      const [row] = await db
        .select({ file: evidenceFiles, path: units.path })
        .from(evidenceFiles)
        .innerJoin(units, eq(units.id, evidenceFiles.unitId))
        .where(eq(evidenceFiles.id, c.req.valid('param').id));
      const own = row !== undefined && canSeeUnit(user, { id: row.file.unitId, path: row.path });
      // Otherwise an 附件 of a circular sent to the user's unit (api/circulars/): readable with it.
      const circularId = row && !own ? await circularAttaching(db, user.unitId, row.file.id) : undefined;
      if (!own && !circularId) throw new AppError('not_found', '未找到该证据文件。');
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'evidence',
        objectId: row!.file.id,
        outcome: 'success',
        ...(circularId ? { detail: { asAttachmentOf: circularId } } : {}),
      });
      return c.body(new Uint8Array(row!.file.data), 200, {
        'content-type': row!.file.contentType,
        'content-disposition': `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(row!.file.filename)}`,
        'x-content-sha256': row!.file.sha256,
      }) as never;
    });
}
