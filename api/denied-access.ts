// Denied access is itself an event the trail must show (000 第二十九条; 004 8.2.4): a signed-in
// user's request answered "not found" (outside their jurisdiction), "forbidden" (wrong role) or
// refused by a process leaves a `denied` row naming the object the route addressed. Written once,
// from app.onError, so no handler has to remember it.
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv, CurrentUser } from './context.js';
import { AppError, Refusal } from './errors.js';
import { appendAudit } from '../db/audit.js';
import type { Db } from '../db/client.js';
import { auditContext } from './request-audit.js';

const DENIALS = new Set<AppError['code']>(['not_found', 'forbidden', 'locked']);
const METHOD_ACTIONS: Record<string, string> = {
  GET: 'read',
  POST: 'create',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
};

/** `data-holdings` → `data_holding`, `deadline-policies` → `deadline_policy`. */
function objectTypeOf(segment: string): string {
  const singular = segment.endsWith('ies')
    ? `${segment.slice(0, -3)}y`
    : segment.endsWith('s')
      ? segment.slice(0, -1)
      : segment;
  return singular.replaceAll('-', '_');
}

/**
 * What the route addressed: `/tasks/:id/complete` → task, its id, `complete`. A refusal from a
 * middleware (pattern `*`) reads the same from the path: `/<type>/<id>/<verb>`.
 */
export function routeObject(c: Context<AppEnv>): { objectType: string; objectId: string | null; action: string } {
  const pattern = routePath(c);
  if (pattern.includes('*')) {
    const [type, id, ...rest] = c.req.path.split('/').filter(Boolean);
    let objectId: string | null = null;
    try {
      objectId = id === undefined ? null : decodeURIComponent(id);
    } catch {
      objectId = id ?? null;
    }
    const verb = rest.at(-1);
    return {
      objectType: objectTypeOf(type ?? 'unknown'),
      objectId,
      action: verb ? verb.replaceAll('-', '_') : (METHOD_ACTIONS[c.req.method] ?? c.req.method.toLowerCase()),
    };
  }
  const segments = pattern.split('/').filter(Boolean);
  const params = c.req.param() as Record<string, string>;
  const idSegment = segments.find((s) => s.startsWith(':'));
  const verb = segments
    .slice(1)
    .filter((s) => !s.startsWith(':'))
    .at(-1);
  return {
    objectType: objectTypeOf(segments[0] ?? 'unknown'),
    objectId: idSegment ? (params[idSegment.slice(1)] ?? null) : null,
    action: verb ? verb.replaceAll('-', '_') : (METHOD_ACTIONS[c.req.method] ?? c.req.method.toLowerCase()),
  };
}

/** Appends the `denied` row for `err` when it refused a signed-in user; never throws. */
export async function auditDenial(
  db: Db,
  c: Context<AppEnv>,
  err: AppError,
  onFailure: (e: unknown) => void,
): Promise<void> {
  const user = c.get('user') as CurrentUser | undefined;
  if (!user || !(DENIALS.has(err.code) || err instanceof Refusal)) return;
  try {
    await appendAudit(db, {
      ...auditContext(c),
      ...routeObject(c),
      outcome: 'denied',
      detail: { code: err.code, reason: err.message.slice(0, 500) },
    });
  } catch (e) {
    onFailure(e); // the answer still goes out; the log carries the lost row
  }
}
