// Request shapes of a holding: the domain's one definition (domain/data-holdings.ts), named for
// the OpenAPI document. The handover's transfer list uses the same fields.
import { z } from '@hono/zod-openapi';
import {
  HoldingFieldsSchema,
  StorageLocationSchema as StorageLocation,
  withHoldingRules,
} from '../../domain/data-holdings.js';
import { Id } from '../schemas.js';

// A copy made here: schemas built before @hono/zod-openapi is loaded (the domain's) lack `.openapi`.
export const StorageLocationSchema = StorageLocation.extend({}).openapi('StorageLocation', {
  description: '000 第十八条: health information may not be stored abroad',
});

/** The fields of a holding, unrefined so updates can take them partially. */
export const HoldingFields = HoldingFieldsSchema;

/** A new holding: its facts and, for officials of a supervising unit, the unit it belongs to. */
export const CreateHoldingSchema = withHoldingRules(
  HoldingFieldsSchema.extend({
    unitId: Id.optional().openapi({ description: 'Defaults to your own unit' }),
  }),
);

export type CreateHolding = z.infer<typeof CreateHoldingSchema>;
