// The one edge rule every route shares (issue 10, item 9): a body of at most 1 MB (uploads set
// their own), and no string anywhere in the path, the query or a JSON body that PostgreSQL cannot
// store (NUL, lone surrogates; domain/text.ts). Ids, array lengths and unknown fields are the route schemas' part
// (api/schemas.ts). Runs before authentication, so a refused request touches nothing.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.js';
import { AppError, Refusal } from './errors.js';
import { validationMessage } from './schemas.js';
import type { FieldError } from '../domain/tasks.js';
import { unstorableText } from '../domain/text.js';
import { headerOf } from './request-headers.js';

/** Largest JSON request body: far above any form (a 500-item transfer list is ~300 KB). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Room for a multipart form's boundaries and part headers around an uploaded file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const mediaType = (c: Context) => (headerOf(c, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** An upload route: only multipart bodies, at most `maxBytes` (the file's own limit plus the form's overhead). */
export interface UploadPath {
  path: RegExp;
  maxBytes: number;
  /** The 413's message: the limit as the uploader knows it (the file's, not the form's). */
  tooLarge: string;
}

const limitOf = (maxBytes: number, message = `请求体不得超过 ${Math.round(maxBytes / 1024)} KB。`) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', message);
    },
  });

/**
 * 413 for a body over the limit, whatever its type, before anything else reads it (this is the
 * only reader of the raw stream; every later reader goes through Hono's body cache). Upload routes
 * have their own, larger limit and take only multipart bodies (415 at once for anything else), so
 * no large body is ever parsed as JSON. Runs before authentication: an anonymous caller cannot make
 * the server read more than the limit.
 */
export function bodySizeLimit(
  options: { maxBytes?: number; uploads?: UploadPath[]; largeJson?: Array<{ path: RegExp; maxBytes: number }> } = {},
): MiddlewareHandler<AppEnv> {
  const limit = limitOf(options.maxBytes ?? MAX_JSON_BODY_BYTES);
  const uploads = (options.uploads ?? []).map((u) => ({ path: u.path, limit: limitOf(u.maxBytes, u.tooLarge) }));
  // Reports people write at length (an incident's logs pasted in): read whole, so a field over its
  // own limit is answered with its name (422) rather than a bare 413.
  const largeJson = (options.largeJson ?? []).map((j) => ({ path: j.path, limit: limitOf(j.maxBytes) }));
  return function bodySizeLimitMiddleware(c, next) {
    // @hono/node-server gives a GET or HEAD request no body; asking (c.req.raw.body) would build the
    // full Fetch Request the server otherwise skips, a cost every read paid (README, Benchmarks).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const upload = uploads.find((u) => u.path.test(c.req.path));
    if (!upload) return (largeJson.find((j) => j.path.test(c.req.path))?.limit ?? limit)(c, next);
    if (c.req.raw.body && mediaType(c) !== 'multipart/form-data') {
      throw new AppError('unsupported_media_type', '上传文件须以 multipart/form-data 发送（字段 file）。');
    }
    return upload.limit(c, next);
  };
}

/**
 * 422 with the field path when the path, the query or a JSON body holds unstorable text. Runs
 * after authentication (which reads only the token header; login is public and still checked), so
 * a refusal on a path in `auditedPaths` (a task's completion: issue 10 item 4) is a `Refusal`,
 * audited as denied with its actor, object, reason and source IP.
 */
export function storableText(options: { auditedPaths?: RegExp[] } = {}): MiddlewareHandler<AppEnv> {
  return function storableTextMiddleware(c, next) {
    const refuse = (fields: FieldError[]): never => {
      const Failure = c.get('user') && options.auditedPaths?.some((p) => p.test(c.req.path)) ? Refusal : AppError;
      throw new Failure('validation_failed', validationMessage(fields), { fields });
    };
    const fields: FieldError[] = [];
    // A URL (as parsed, so anything but ASCII is escaped) without a '%' decodes to plain ASCII: nothing
    // to refuse, and most requests skip the parsing.
    if (c.req.url.includes('%')) {
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
      for (const [name, values] of Object.entries(c.req.queries()))
        unstorableText({ [name]: values.length === 1 ? values[0] : values }, 'query', fields);
    }
    if (fields.length) refuse(fields);
    // Only a JSON body needs waiting for; everything else passes on without a promise of its own.
    if (!JSON_TYPE.test(mediaType(c))) return next();
    return c.req
      .json()
      .catch(() => undefined) // malformed JSON: the route's validator answers it
      .then((body: unknown) => {
        const errors = unstorableText(body);
        if (errors.length) refuse(errors);
        return next();
      });
  };
}
