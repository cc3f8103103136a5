// The one edge rule every route shares (issue 10, item 9): a body of at most 1 MB (uploads set
// their own), and no string anywhere in the path, the query or a JSON body that PostgreSQL cannot
// store (NUL, lone surrogates; domain/text.ts). Ids, array lengths and unknown fields are the route schemas' part
// (api/schemas.ts). Runs before authentication, so a refused request touches nothing.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.js';
import { AppError } from './errors.js';
import type { FieldError } from '../domain/tasks.js';
import { unstorableText } from '../domain/text.js';

/** Largest JSON request body: far above any form (a 500-item transfer list is ~300 KB). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const mediaType = (c: { req: { header(name: string): string | undefined } }) => (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

function refuse(fields: FieldError[]): never {
  throw new AppError('validation_failed', `输入含有无法保存的字符：${fields.map((f) => f.field || '(请求体)').join('、')}`, { fields });
}

/**
 * 413 for a body over the limit, whatever its type; routes in `largerBodies` (uploads) set their
 * own, larger limit.
 */
export function bodySizeLimit(options: { maxBytes?: number; largerBodies?: RegExp[] } = {}): MiddlewareHandler<AppEnv> {
  const maxBytes = options.maxBytes ?? MAX_JSON_BODY_BYTES;
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `请求体不得超过 ${Math.round(maxBytes / 1024)} KB。`);
    },
  });
  return async function bodySizeLimitMiddleware(c, next) {
    if (options.largerBodies?.some((path) => path.test(c.req.path))) return next();
    return limit(c, next);
  };
}

/** 422 with the field path when the path, the query or a JSON body holds unstorable text. */
export function storableText(): MiddlewareHandler<AppEnv> {
  return async function storableTextMiddleware(c, next) {
    const fields: FieldError[] = [];
    // Path segments: percent-decoded as the router will; a segment that does not decode is refused too.
    c.req.path.split('/').forEach((segment, i) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        decoded = '\u0000';
      }
      if (decoded !== segment || segment.includes('\u0000')) unstorableText(decoded, `path.${i}`, fields);
    });
    for (const [name, values] of Object.entries(c.req.queries())) unstorableText({ [name]: values.length === 1 ? values[0] : values }, 'query', fields);
    if (fields.length) refuse(fields);
    if (JSON_TYPE.test(mediaType(c))) {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        body = undefined; // malformed JSON: the route's validator answers it
      }
      const errors = unstorableText(body);
      if (errors.length) refuse(errors);
    }
    await next();
  };
}
