// Request shapes of a holding, shared by the register and the handover draft.
import { z } from '@hono/zod-openapi';
import { HOLDING_KINDS, SHA256_HEX } from '../../domain/data-holdings.js';

export const StorageLocationSchema = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 country code such as CN').openapi({ example: 'CN', description: '000 第十八条: health information may not be stored abroad' }),
    region: z.string().trim().min(1).max(200).openapi({ example: '河南省郑州市金水区 机房A' }),
  })
  .openapi('StorageLocation');

/** The fields of a holding, unrefined so updates can take them partially. */
export const HoldingFields = z.object({
  kind: z.enum(HOLDING_KINDS),
  description: z.string().trim().min(1).max(500),
  recordCount: z.number().int().min(0),
  volume: z.string().trim().min(1).max(50).openapi({ example: '120 GB' }),
  format: z.string().trim().min(1).max(100).openapi({ example: 'PostgreSQL 导出 (SQL)' }),
  sha256: z.string().regex(SHA256_HEX, 'must be a SHA-256 digest: 64 lower-case hex characters'),
  storageLocation: StorageLocationSchema,
  encryption: z.string().trim().min(1).max(100).openapi({ example: 'SM4' }),
  serialNumber: z.string().trim().min(1).max(100).optional().openapi({ description: 'Required for storage media (000 第三十条)' }),
});

export const HoldingFactsSchema = HoldingFields.refine((h) => h.kind !== 'storage_medium' || h.serialNumber, { path: ['serialNumber'], message: 'a storage medium needs its registered serial number (000 第三十条)' });
