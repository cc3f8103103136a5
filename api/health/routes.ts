import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv, AppDeps } from '../context.js';

const PartStatus = z.object({
  status: z.enum(['up', 'down']),
  detail: z.string().optional().openapi({ description: 'What failed, or what answered (e.g. the Chromium version)' }),
});

const HealthReport = z
  .object({
    status: z.enum(['up', 'down']),
    failing: z.array(z.enum(['database', 'temporal', 'renderer'])),
    parts: z.object({ database: PartStatus, temporal: PartStatus, renderer: PartStatus }),
  })
  .openapi('HealthReport');

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['platform'],
  summary: 'Health of the database, Temporal and the PDF renderer',
  responses: {
    200: { description: 'Every part is up', content: { 'application/json': { schema: HealthReport } } },
    503: { description: 'At least one part is down; `failing` names it', content: { 'application/json': { schema: HealthReport } } },
  },
});

const CHECK_TIMEOUT_MS = 3_000;

async function probe(check: () => Promise<string | void>): Promise<z.infer<typeof PartStatus>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    return { status: 'up', ...(detail ? { detail } : {}) };
  } catch (err) {
    return { status: 'down', detail: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const [database, temporal, renderer] = await Promise.all([
      probe(async () => {
        await deps.sql`select 1`;
      }),
      probe(async () => {
        await deps.temporal.workflowService.getSystemInfo({});
      }),
      probe(() => deps.renderer.check()),
    ]);
    const parts = { database, temporal, renderer };
    const failing = (Object.keys(parts) as Array<keyof typeof parts>).filter((k) => parts[k].status === 'down');
    const body = { status: failing.length ? ('down' as const) : ('up' as const), failing, parts };
    return failing.length ? c.json(body, 503) : c.json(body, 200);
  });
}
