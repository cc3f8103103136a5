// The regulation registry as the console shows it (domain/regulations.ts): short codes such as
// `000 第十九条` read as full titles, with the issuing body and whether the text binds where the
// viewer's unit sits, so that a Sichuan text is never shown as if it applied in Henan. Fixed for
// the life of the process; the console asks once per session.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { inArray } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import type { Db } from '../../db/client.js';
import { units } from '../../db/schema.js';
import {
  appliesTo,
  jurisdictionOfOrgCode,
  REGULATION_CODES,
  REGULATIONS,
  type Jurisdiction,
} from '../../domain/regulations.js';
import { bearer, commonErrors, json } from '../schemas.js';

const RegulationSchema = z
  .object({
    code: z.enum(REGULATION_CODES).openapi({ description: 'The short code used in citations (`000 第十九条`)' }),
    title: z.string().openapi({ description: 'Full title without 《》' }),
    issuingBody: z.string(),
    documentNumber: z.string().nullable().openapi({ description: '文号 or standard number; null where none' }),
    jurisdiction: z.object({
      code: z.string().openapi({ description: "GB/T 2260 prefix: '' national, '41' 河南省, '51' 四川省" }),
      name: z.string(),
    }),
    inForce: z.boolean().openapi({ description: 'false: a draft for comment, never cited' }),
    effective: z.string().nullable(),
    numbering: z.enum(['articles', 'clauses']),
    appliesHere: z.boolean().openapi({ description: "In force and applicable where the viewer's unit sits" }),
    note: z.string().nullable(),
  })
  .openapi('Regulation');

const RegulationsSchema = z
  .object({
    viewerJurisdiction: z.string().openapi({ description: "The viewer's unit's division prefix ('' if unknown)" }),
    items: z.array(RegulationSchema),
  })
  .openapi('Regulations');

const list = createRoute({
  method: 'get',
  path: '/regulations',
  tags: ['regulations'],
  security: bearer,
  summary: 'The texts citations refer to, with whether each applies where your unit sits (any signed-in user)',
  responses: { 200: { description: 'The registry', ...json(RegulationsSchema) }, 401: commonErrors[401] },
});

/** The unit's division prefix from its own organisation code, else its nearest ancestor's (as documents do). */
async function jurisdictionOfUnit(db: Db, unitPath: string): Promise<Jurisdiction> {
  const ids = unitPath.split('/').filter(Boolean).map(Number);
  if (ids.length === 0) return '';
  const chain = await db.select({ id: units.id, orgCode: units.orgCode }).from(units).where(inArray(units.id, ids));
  for (const id of ids.reverse()) {
    const found = jurisdictionOfOrgCode(chain.find((u) => u.id === id)?.orgCode ?? '');
    if (found !== null) return found;
  }
  return '';
}

export function regulationRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(list, async (c) => {
    const here = await jurisdictionOfUnit(db, c.get('user').unitPath);
    const items = REGULATION_CODES.map((code) => {
      const r = REGULATIONS[code];
      return {
        code,
        title: r.title,
        issuingBody: r.issuingBody,
        documentNumber: r.documentNumber,
        jurisdiction: r.jurisdiction,
        inForce: r.status === 'in_force',
        effective: r.effective,
        numbering: r.numbering,
        appliesHere: appliesTo(code, here),
        note: r.note ?? null,
      };
    });
    return c.json({ viewerJurisdiction: here, items }, 200);
  });
}
