// Response shapes shared by several resources.
import { z } from '@hono/zod-openapi';
import { ROLES } from '../domain/identity.js';

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
  .object({ id: z.number(), username: z.string(), realName: z.string(), unitId: z.number(), unitPath: z.string(), roles: z.array(z.enum(ROLES)) })
  .openapi('CurrentUser');

export const Pagination = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

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
