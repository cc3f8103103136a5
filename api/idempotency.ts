// Creating requests are idempotent (README, Using the API): a client that sends the same
// `Idempotency-Key` again gets the same resource, never a second one. The id of whatever a
// request creates is derived from the key, so even a retry after a lost answer lands on it.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import type { AppEnv } from './context.js';
import { AppError } from './errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Printable ASCII, as the IETF draft for the header recommends; long enough for a UUID or a ULID. */
const KEY_FORMAT = /^[\x21-\x7e]{8,100}$/;

/** The request's Idempotency-Key, or undefined when none was sent; 422 when it is malformed. */
export function idempotencyKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY_FORMAT.test(key)) {
    throw new AppError('validation_failed', 'Idempotency-Key 须为 8–100 个可见 ASCII 字符（建议使用 UUID）。', {
      fields: [{ field: 'header.idempotency-key', message: '须为 8–100 个可见 ASCII 字符' }],
    });
  }
  return key;
}

/**
 * `prefix-<uuid>` for what this request creates: derived from the caller, the route and the
 * Idempotency-Key when one is sent (the same key gives the same id), random otherwise.
 */
export function idempotentId(c: Context<AppEnv>, prefix: string): string {
  const key = idempotencyKey(c);
  if (key === undefined) return `${prefix}-${crypto.randomUUID()}`;
  const user = c.get('user') as { id: number } | undefined;
  const hex = createHash('sha256')
    .update(`${user?.id ?? 0}\n${c.req.method}\n${c.req.path}\n${key}`)
    .digest('hex');
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * sha256 of what the request asks: its body's bytes, or for a multipart form its fields and files
 * (name, type, content) — every client draws a new boundary for each send, so a retried upload's
 * bytes differ though it asks the same.
 */
async function requestFingerprint(c: Context<AppEnv>): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const contentType = c.req.header('content-type') ?? '';
  let form: FormData | undefined;
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    // Parsed from a copy: the handler's own parse (and its 400 for a broken form) stays as it was.
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
  }
  const hash = createHash('sha256');
  if (!form) return hash.update(bytes).digest('hex');
  const entries = [...form.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, part] of entries) {
    hash.update(`${JSON.stringify(name)}\n`);
    if (typeof part === 'string') hash.update(`${JSON.stringify(part)}\n`);
    else
      hash
        .update(`${JSON.stringify([part.name, part.type, part.size])}\n`)
        .update(new Uint8Array(await part.arrayBuffer()));
  }
  return hash.digest('hex');
}

/** A running request's claim on its key older than this is taken over (its process died). */
const STALE_AFTER_MS = 5 * 60_000;

export interface IdempotentRequestOptions {
  db: Db;
  /** Default 5 minutes. */
  staleAfterMs?: number;
}

/**
 * Every POST sent with an Idempotency-Key by a signed-in caller runs once: the first request claims
 * the key and its answer is stored; a repeat with the same body gets the stored answer (same status,
 * body and Location, header `Idempotent-Replayed: true`) without running again; the same key with another
 * request is a 422 `idempotency_key_reused`; a repeat while the first still runs is a 409
 * `idempotency_in_progress`. A 5xx answer releases the key, so a retry runs again.
 */
export function idempotentRequests(options: IdempotentRequestOptions): MiddlewareHandler<AppEnv> {
  const { db } = options;
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  // Not async itself: a read passes through without a promise of its own.
  return function idempotentRequestsMiddleware(c, next) {
    if (c.req.method !== 'POST') return next();
    const key = idempotencyKey(c);
    const user = c.get('user') as { id: number } | undefined;
    if (key === undefined || !user) return next();
    return keyed(c, next, key, user);
  };
  async function keyed(c: Context<AppEnv>, next: Next, key: string, user: { id: number }): Promise<Response | void> {
    const { method } = c.req;
    // The query is part of the request: `?edition=new` under a key first used without it is another request.
    const url = new URL(c.req.url);
    const path = `${url.pathname}${url.search}`;
    const requestHash = await requestFingerprint(c);
    const mine = and(eq(idempotencyKeys.userId, user.id), eq(idempotencyKeys.key, key));

    const [claimed] = await db
      .insert(idempotencyKeys)
      .values({ userId: user.id, key, method, path, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (!claimed) {
      const [row] = await db.select().from(idempotencyKeys).where(mine);
      if (!row) throw new AppError('idempotency_in_progress', '使用该 Idempotency-Key 的请求刚刚结束，请重试。');
      if (row.method !== method || row.path !== path || row.requestHash !== requestHash) {
        throw new AppError('idempotency_key_reused', '该 Idempotency-Key 已用于另一个请求；每个新请求请使用新的键。', {
          fields: [{ field: 'header.idempotency-key', message: '已用于内容不同的请求' }],
        });
      }
      if (row.state === 'completed') {
        c.header('Idempotent-Replayed', 'true');
        if (row.responseLocation) c.header('location', row.responseLocation);
        return c.json(row.responseBody as object, row.responseStatus as ContentfulStatusCode);
      }
      // Still running, unless its claim is so old that the process answering it must have died.
      const [takenOver] = await db
        .update(idempotencyKeys)
        .set({ updatedAt: sql`now()` })
        .where(
          and(
            mine,
            eq(idempotencyKeys.state, 'in_progress'),
            lt(idempotencyKeys.updatedAt, sql`now() - make_interval(secs => ${staleAfterMs / 1000})`),
          ),
        )
        .returning({ key: idempotencyKeys.key });
      if (!takenOver)
        throw new AppError('idempotency_in_progress', '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试。');
    }

    try {
      await next();
    } catch (err) {
      await db.delete(idempotencyKeys).where(mine);
      throw err;
    }
    const status = c.res.status;
    const isJson = (c.res.headers.get('content-type') ?? '').startsWith('application/json');
    if (status >= 500 || !isJson) {
      await db.delete(idempotencyKeys).where(mine);
      return;
    }
    const responseBody = await c.res.clone().json();
    await db
      .update(idempotencyKeys)
      .set({
        state: 'completed',
        responseStatus: status,
        responseBody,
        responseLocation: c.res.headers.get('location'),
        updatedAt: sql`now()`,
      })
      .where(mine);
  }
}

/** The header as an OpenAPI parameter, shared by every POST in the document. */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Makes a POST safe to retry: the first request with a key runs, a repeat with the same body returns the ' +
    'stored answer (header Idempotent-Replayed: true); the same key with another body or query string is 422 ' +
    'idempotency_key_reused, a repeat while the first runs is 409 idempotency_in_progress. ' +
    '8–100 visible ASCII characters (a UUID).',
  schema: { type: 'string' as const, minLength: 8, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' },
};
