// Creating requests are idempotent (README, Using the API): a client that sends the same
// `Idempotency-Key` again gets the same resource, never a second one. The id of whatever a
// request creates is derived from the key, so even a retry after a lost answer lands on it.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
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
  const hex = createHash('sha256').update(`${user?.id ?? 0}\n${c.req.method}\n${c.req.path}\n${key}`).digest('hex');
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
