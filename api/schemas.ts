// Response shapes shared by several resources.
import { z } from '@hono/zod-openapi';
import { ROLES } from '../domain/identity.js';
import { INT32_MAX } from '../domain/forms.js';

export { INT32_MAX };

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

export const CurrentUserSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    realName: z.string(),
    unitId: z.number(),
    unitPath: z.string(),
    roles: z.array(z.enum(ROLES)),
  })
  .openapi('CurrentUser');

/** A row id in a JSON body: a positive integer PostgreSQL's `integer` can hold. */
export const Id = z.number().int().min(1).max(INT32_MAX);
/**
 * A row id in the path or the query: canonical decimal text only (`10`, never `0x0a`, `1e1`, `+10`,
 * `0010`, `10.0` or ` 10`), so one row has one spelling, in the database and in the audit trail.
 */
export const IdText = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, `须为 1 至 ${INT32_MAX} 之间的十进制整数`)
  .transform(Number)
  .pipe(z.number().int().min(1).max(INT32_MAX, `须为 1 至 ${INT32_MAX} 之间的十进制整数`))
  .openapi({ type: 'integer', minimum: 1, maximum: INT32_MAX });

/** A due date: an ISO 8601 time with its offset, later than now (a deadline already past can never be met). */
export const FutureDateTime = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) > Date.now(), { message: '须晚于当前时间' });

export const Pagination = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** What every list route answers: one page of `item` and the total the filter matches (api/paging.ts). */
export const PageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

export const IdParam = z.object({ id: IdText });

/** A user's roles: each at most once (a duplicate means nothing), never more than there are roles. */
export const RolesSchema = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, { message: '角色不得重复' });

/** The message of a 422 built from field errors. */
export function validationMessage(fields: { field: string; message: string }[]): string {
  return `输入有误：${fields.map((f) => `${f.field || '(请求体)'} ${f.message}`).join('；')}`;
}

/** `content` block of a JSON request or response for createRoute. */
export const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/** The error answers most protected routes share. */
export const commonErrors = {
  401: { description: 'Not signed in', ...json(ErrorBody) },
  403: { description: 'Your role does not allow this', ...json(ErrorBody) },
  404: { description: 'Not found in your jurisdiction', ...json(ErrorBody) },
  422: { description: 'Invalid input, with field errors', ...json(ErrorBody) },
};

export const bearer = [{ bearer: [] }];
