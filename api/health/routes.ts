import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv, AppDeps } from '../context.js';

const PART_NAMES = ['database', 'temporal', 'renderer'] as const;

const PartStatus = z.object({
  status: z.enum(['up', 'degraded', 'down']).openapi({
    description: "`degraded`: answering, but its real work (the renderer's canary render) did not finish in time",
  }),
  detail: z.string().optional().openapi({ description: 'What failed, or what answered (e.g. the Chromium version)' }),
});

const HealthReport = z
  .object({
    status: z.enum(['up', 'degraded', 'down']),
    failing: z.array(z.enum(PART_NAMES)),
    degraded: z.array(z.enum(PART_NAMES)),
    parts: z.object({ database: PartStatus, temporal: PartStatus, renderer: PartStatus }),
  })
  .openapi('HealthReport');

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['platform'],
  summary: 'Health of the database, Temporal and the PDF renderer',
  responses: {
    200: {
      description: 'Every part is up, or some are `degraded` (named in `degraded`) and none down',
      content: { 'application/json': { schema: HealthReport } },
    },
    503: {
      description: 'At least one part is down; `failing` names it',
      content: { 'application/json': { schema: HealthReport } },
    },
  },
});

const CHECK_TIMEOUT_MS = 3_000;

type Part = z.infer<typeof PartStatus>;

async function probe(check: () => Promise<string | void | Part>): Promise<Part> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      check(),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)),
      ),
    ]);
    if (typeof answer === 'object') return answer;
    return { status: 'up', ...(answer ? { detail: answer } : {}) };
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
      // A real canary render (cached briefly): a browser can answer DevTools yet print nothing.
      probe(() => deps.renderer.health()),
    ]);
    const parts = { database, temporal, renderer };
    const failing = PART_NAMES.filter((k) => parts[k].status === 'down');
    const degraded = PART_NAMES.filter((k) => parts[k].status === 'degraded');
    const status = failing.length ? ('down' as const) : degraded.length ? ('degraded' as const) : ('up' as const);
    const body = { status, failing, degraded, parts };
    return failing.length ? c.json(body, 503) : c.json(body, 200);
  });
}
