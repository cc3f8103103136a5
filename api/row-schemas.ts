// Response schemas derived from the Drizzle tables (drizzle-zod) where an answer mirrors a row, so a
// column's type, enum or nullability is written once, in db/schema.ts. Timestamps are answered as
// ISO 8601 text (`toISOString()`), so their schemas say so instead of drizzle-zod's Date.
import { z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { accountabilityCases, deadlinePolicies, units } from '../db/schema.js';

const IsoTime = z.string().openapi({ format: 'date-time' });

export const DeadlinePolicyRow = createSelectSchema(deadlinePolicies, { updatedAt: IsoTime, createdAt: IsoTime })
  .omit({ createdAt: true })
  .openapi('DeadlinePolicy');

export const UnitRow = createSelectSchema(units)
  .pick({ id: true, orgCode: true, name: true, kind: true, parentId: true, path: true, docPrefix: true })
  .openapi('Unit');

export const AccountabilityCaseRow = createSelectSchema(accountabilityCases, { createdAt: IsoTime, updatedAt: IsoTime })
  .omit({ updatedAt: true })
  .openapi('AccountabilityCase');
