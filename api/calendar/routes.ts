// The working-day calendar as the server counts deadlines (domain/deadline-arithmetic.ts, the State
// Council holiday arrangement in `chinese-days`): for one year, the weekdays that are holidays and
// the weekend days that are made-up working days. The console counts "N working days left" from it
// instead of shipping the calendar package to every browser (README, The console: bench:console).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { workCalendarOf } from '../../domain/deadline-arithmetic.js';
import { bearer, commonErrors, json } from '../schemas.js';

const Year = z.object({
  year: z
    .string()
    .regex(/^20[0-9]{2}$/, '年份须为 2000 至 2099 之间的四位数字')
    .transform(Number)
    .openapi({ param: { name: 'year', in: 'path' }, example: '2026' }),
});

const WorkCalendar = z
  .object({
    year: z.number(),
    known: z.boolean().openapi({ description: 'false: the arrangement is not yet published; Monday–Friday count' }),
    holidays: z
      .array(z.string())
      .openapi({ description: 'Monday–Friday dates (YYYY-MM-DD) that are not working days' }),
    workdays: z.array(z.string()).openapi({ description: 'Saturday and Sunday dates that are working days (调休)' }),
  })
  .openapi('WorkCalendar');

const calendar = createRoute({
  method: 'get',
  path: '/calendar/{year}',
  tags: ['calendar'],
  security: bearer,
  summary: 'Working-day calendar of a year: weekday holidays and weekend working days',
  request: { params: Year },
  responses: { 200: { description: 'The calendar', ...json(WorkCalendar) }, ...commonErrors },
});

export function calendarRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(calendar, (c) => c.json(workCalendarOf(c.req.valid('param').year), 200));
}
