// The exact bytes both leaders' signatures cover (003 第十四条, 第三十一条): the transfer list in its
// canonical form (domain/handovers.ts, README "Handover"), downloadable so anyone can recompute the
// sha256 the signatures name without trusting Duban's own hash.
import { createHash } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { handoverRounds, handovers } from '../../db/schema.js';
import { canonicalTransferList } from '../../domain/handovers.js';
import { auditContext } from '../request-audit.js';
import { bearer, commonErrors, IdText } from '../schemas.js';
import { HandoverId, visibleHandovers } from './routes.js';

const canonicalList = createRoute({
  method: 'get',
  path: '/handovers/{id}/canonical-list',
  tags: ['handovers'],
  security: bearer,
  summary:
    'The transfer list exactly as hashed for signing (UTF-8 JSON, canonical form in README "Handover"); its sha256 is the signed listHash',
  request: {
    params: HandoverId,
    query: z.object({
      round: IdText.optional().openapi({ description: 'A submission round; default: the latest' }),
    }),
  },
  responses: {
    200: {
      description: 'The canonical bytes; X-Content-SHA256 repeats their hash, X-Handover-Round names the round',
      content: { 'application/json': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...commonErrors,
  },
});

export function canonicalListRoutes({ db }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(canonicalList, async (c) => {
    const user = c.get('user');
    const { id } = c.req.valid('param');
    const { round } = c.req.valid('query');
    const [h] = await db
      .select({ id: handovers.id })
      .from(handovers)
      .where(and(eq(handovers.id, id), visibleHandovers(user)));
    if (!h) throw new AppError('not_found', '未找到该移交。');
    const [row] = await db
      .select({ round: handoverRounds.round, items: handoverRounds.items, listHash: handoverRounds.listHash })
      .from(handoverRounds)
      .where(and(eq(handoverRounds.handoverId, h.id), round ? eq(handoverRounds.round, round) : undefined))
      .orderBy(desc(handoverRounds.round))
      .limit(1);
    if (!row)
      throw new AppError('not_found', round ? `该移交没有第 ${round} 轮移交清单。` : '该移交尚未提交移交清单。');
    const bytes = Buffer.from(canonicalTransferList(h.id, row.items), 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The stored hash was computed from these items by the same function; a mismatch is a defect, not an answer.
    if (sha256 !== row.listHash)
      throw new Error(`canonical list of ${h.id} round ${row.round} does not match its hash`);
    await appendAudit(db, {
      ...auditContext(c),
      action: 'read',
      objectType: 'handover',
      objectId: h.id,
      outcome: 'success',
      detail: { canonicalList: true, round: row.round, sha256 },
    });
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${h.id}-r${row.round}.json"`,
      'x-content-sha256': sha256,
      'x-handover-round': String(row.round),
    }) as never;
  });
}
