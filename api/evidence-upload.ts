// Reading one uploaded evidence file (multipart field "file"): size, declared type, real content
// (api/upload-types.ts) and a storable name, checked once for every place that takes evidence
// (an inspection's self-check, a restore drill). Refusals come before anything is stored.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { AppError } from './errors.js';
import { contentMatchesType } from './upload-types.js';
import { EVIDENCE_LIMITS } from '../domain/inspections.js';
import { isStorableText } from '../domain/text.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import { evidenceFiles } from '../db/schema.js';
import type { AppEnv } from './context.js';
import { auditContext } from './request-audit.js';

/** A stored evidence file's metadata, wherever it was uploaded (the file itself is GET /evidence/{id}). */
export const EvidenceFileSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi('EvidenceFile');

export interface EvidenceUpload {
  filename: string;
  contentType: string;
  data: Buffer;
  sha256: string;
}

/** The request's evidence file, checked; 413, 415 or 422 (nothing stored) when it is not acceptable. */
export async function readEvidenceUpload(c: Context): Promise<EvidenceUpload> {
  const form = await c.req.parseBody();
  const file = form.file;
  if (!(file instanceof File))
    throw new AppError('validation_failed', '请以 multipart 表单字段 "file" 上传证据文件。', {
      fields: [{ field: 'file', message: '必填' }],
    });
  if (file.size > EVIDENCE_LIMITS.maxBytes)
    throw new AppError(
      'payload_too_large',
      `证据文件不得超过 ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MiB；此文件为 ${(file.size / 1024 / 1024).toFixed(1)} MiB。`,
    );
  const contentType = file.type.split(';')[0]!.trim();
  if (!(EVIDENCE_LIMITS.types as readonly string[]).includes(contentType))
    throw new AppError(
      'unsupported_media_type',
      `不接受 ${contentType || '未知'} 类型的证据文件；请上传 PDF、PNG、JPEG、DOCX、XLSX 或纯文本文件。`,
    );
  if (file.size === 0)
    throw new AppError('validation_failed', '文件为空。', { fields: [{ field: 'file', message: '文件为空' }] });
  const data = Buffer.from(await file.arrayBuffer());
  if (!contentMatchesType(data, contentType))
    throw new AppError(
      'unsupported_media_type',
      `文件内容与声明的类型 ${contentType} 不符；请上传真实的 PDF、PNG、JPEG、DOCX、XLSX 或纯文本文件。`,
    );
  const filename = [...(file.name || 'evidence')].slice(0, 200).join(''); // by code point: never half a surrogate pair
  if (!isStorableText(filename))
    throw new AppError('validation_failed', '文件名含有无法保存的字符。', {
      fields: [{ field: 'file.name', message: '含有 NUL 空字符或不成对的代理项' }],
    });
  // A line break or a direction override in a name shown to supervisors disguises it
  // ("报告\u202Efdp.exe" reads as "报告exe.pdf").
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(filename))
    throw new AppError('validation_failed', '文件名含有控制字符或文字方向控制符，请重命名后再上传。', {
      fields: [{ field: 'file.name', message: '含有控制字符（如换行）或文字方向控制符' }],
    });
  return { filename, contentType, data, sha256: createHash('sha256').update(data).digest('hex') };
}

/** What an evidence file belongs to: exactly one owner (the table's check says so too). */
export type EvidenceOwner = { inspectionId: string } | { restoreDrillId: number } | { emergencyPlanId: number };

/**
 * Stores a checked upload for `owner` (of unit `unitId`) with its audit row, in one transaction;
 * answers its metadata as EvidenceFileSchema describes it.
 */
export async function storeEvidence(
  db: Db,
  c: Context<AppEnv>,
  input: { owner: EvidenceOwner; unitId: number; file: EvidenceUpload },
): Promise<z.infer<typeof EvidenceFileSchema>> {
  const { owner, unitId, file } = input;
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(evidenceFiles)
      .values({
        ...owner,
        unitId,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.data.length,
        sha256: file.sha256,
        data: file.data,
        uploadedByUserId: c.get('user').id,
      })
      .returning({ id: evidenceFiles.id, createdAt: evidenceFiles.createdAt });
    await appendAudit(tx, {
      ...auditContext(c),
      action: 'upload',
      objectType: 'evidence',
      objectId: inserted!.id,
      outcome: 'success',
      detail: { ...owner, sha256: file.sha256, sizeBytes: file.data.length, contentType: file.contentType },
    });
    return inserted!;
  });
  return {
    id: row.id,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.data.length,
    sha256: file.sha256,
    createdAt: row.createdAt.toISOString(),
  };
}
