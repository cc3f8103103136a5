// Builds the Hono app for the server and for tests (one createApp(deps); README, Development).
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv } from './context.js';
import { AppError, readOutInError } from './errors.js';
import { auditDenial } from './denied-access.js';
import { healthRoutes } from './health/routes.js';
import { authRoutes } from './auth/routes.js';
import { authenticate, sourceIp } from './auth/middleware.js';
import { unitRoutes } from './units/routes.js';
import { userRoutes } from './users/routes.js';
import { auditRoutes } from './audit/routes.js';
import { taskRoutes } from './tasks/routes.js';
import { documentRoutes } from './documents/routes.js';
import { noticeRoutes } from './notices/routes.js';
import { deadlinePolicyRoutes } from './deadline-policies/routes.js';
import { dataHoldingRoutes } from './data-holdings/routes.js';
import { handoverRoutes } from './handovers/routes.js';
import { canonicalListRoutes } from './handovers/canonical-list.js';
import { checklistTemplateRoutes } from './checklist-templates/routes.js';
import { inspectionPlanRoutes } from './inspection-plans/routes.js';
import { inspectionRoutes } from './inspections/routes.js';
import { continuityRoutes } from './continuity/routes.js';
import { emergencyPlanRoutes } from './emergency-plans/routes.js';
import { evidenceRoutes } from './evidence/routes.js';
import { accountabilityCaseRoutes } from './accountability-cases/routes.js';
import { incidentRoutes, INCIDENT_REPORT_MAX_BYTES } from './incidents/routes.js';
import { ProcessStarter } from './process-starter.js';
import { incidentAlertRoutes } from './incident-alerts/routes.js';
import { circularRoutes } from './circulars/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { regulationRoutes } from './regulations/routes.js';
import { bodySizeLimit, MULTIPART_OVERHEAD_BYTES, storableText } from './input-rules.js';
import { EVIDENCE_LIMITS } from '../domain/inspections.js';
import { idempotentRequests } from './idempotency.js';
import { responseHeaders } from './security-headers.js';
import { validationMessage } from './schemas.js';
import { DOCS_PATH, DOCS_PUBLIC_PATHS, docsRoutes } from './docs.js';
import { serveOpenApiDocument } from './openapi.js';
import { calendarRoutes } from './calendar/routes.js';
import { CONSOLE_DIST, consoleRoutes, isConsolePath } from './console-files.js';
import { PROCESS_STARTS } from '../domain/processes.js';

/** Hono's own refusals (a validator's content-type or JSON check, a body limit) in our shape, in Chinese. */
function httpExceptionAnswer(err: HTTPException): { code: string; message: string } {
  if (err.status === 415)
    return {
      code: 'unsupported_media_type',
      message: '请求体的类型不受支持；JSON 请求请使用 Content-Type: application/json。',
    };
  if (err.status === 413) return { code: 'payload_too_large', message: '请求体过大。' };
  if (err.status === 400 && /json/i.test(err.message))
    return { code: 'malformed_json', message: '请求体不是合法的 JSON。' };
  if (err.status === 400) return { code: 'bad_request', message: '请求无法解析。' };
  return { code: 'bad_request', message: `请求无法处理（HTTP ${err.status}）。` };
}

/** Reachable without signing in: login, health and the API documentation. */
const PUBLIC_PATHS = ['/auth/login', '/auth/session', '/healthz', '/openapi.json', ...DOCS_PUBLIC_PATHS];

export function createApp(given: AppDeps) {
  const deps: AppDeps = {
    ...given,
    processStarter:
      given.processStarter ?? new ProcessStarter({ db: given.db, temporal: given.temporal, logger: given.logger }),
  };
  const app = new OpenAPIHono<AppEnv>({
    // zod failures become one 422 shape with field errors (messages in Chinese), nothing written.
    defaultHook: (result) => {
      if (!result.success) {
        const fields = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
        throw new AppError('validation_failed', validationMessage(fields), { fields });
      }
    },
  });

  // Request id, security headers and no-store for signed-in callers, set once the answer exists.
  app.use('*', responseHeaders({ docsPath: DOCS_PATH, isConsolePath }));
  app.use('*', sourceIp({ trustedProxies: deps.env.TRUSTED_PROXIES }));
  // The console's files need no session and no body: answered before the body limit and sign-in.
  app.route('/', consoleRoutes({ distDir: deps.consoleDir ?? CONSOLE_DIST }));
  // The edge rule (issue 10, item 9) runs before anything reads the database.
  // The body limit is the only reader of the raw stream and comes first; evidence uploads have their own (multipart only).
  app.use(
    '*',
    bodySizeLimit({
      uploads: [
        {
          path: /^\/(inspections|restore-drills)\/[^/]+\/evidence$|^\/emergency-plans\/[^/]+\/document$/,
          maxBytes: EVIDENCE_LIMITS.maxBytes + MULTIPART_OVERHEAD_BYTES,
          tooLarge: `证据文件不得超过 ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MiB。`,
        },
      ],
      largeJson: [{ path: /^\/incidents(\/[^/]+\/reports)?$/, maxBytes: INCIDENT_REPORT_MAX_BYTES }],
    }),
  );
  app.use('*', authenticate({ db: deps.db, publicPaths: PUBLIC_PATHS, sessionCache: deps.sessionCache }));
  // After authentication, so a refused task completion is audited with its actor (issue 10 item 4).
  app.use('*', storableText({ auditedPaths: [/^\/tasks\/[^/]+\/complete$/] }));
  app.use('*', idempotentRequests({ db: deps.db }));

  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', unitRoutes(deps));
  app.route('/', userRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', taskRoutes(deps));
  app.route('/', documentRoutes(deps));
  app.route('/', noticeRoutes(deps));
  app.route('/', deadlinePolicyRoutes(deps));
  app.route('/', dataHoldingRoutes(deps));
  app.route('/', handoverRoutes(deps));
  app.route('/', canonicalListRoutes(deps));
  app.route('/', checklistTemplateRoutes(deps));
  app.route('/', inspectionPlanRoutes(deps));
  app.route('/', inspectionRoutes(deps));
  app.route('/', continuityRoutes(deps));
  app.route('/', emergencyPlanRoutes(deps));
  app.route('/', evidenceRoutes(deps));
  app.route('/', accountabilityCaseRoutes(deps));
  app.route('/', incidentRoutes(deps));
  app.route('/', incidentAlertRoutes(deps));
  app.route('/', circularRoutes(deps));
  app.route('/', calendarRoutes());
  app.route('/', dashboardRoutes(deps));
  app.route('/', regulationRoutes(deps));

  serveOpenApiDocument(app, { publicPaths: PUBLIC_PATHS, processStarts: PROCESS_STARTS });
  app.route('/', docsRoutes());

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `没有该资源：${c.req.method} ${c.req.path}` } }, 404),
  );

  app.onError(async (err, c) => {
    if (err instanceof AppError) {
      await auditDenial(deps.db, c, err, (e) =>
        deps.logger.error({ err: e, requestId: c.get('requestId') }, 'denied access not audited'),
      );
      const { message, details } = readOutInError(err.message, err.details);
      return c.json({ error: { code: err.code, message, details, requestId: c.get('requestId') } }, err.status);
    }
    if (err instanceof HTTPException) {
      const { code, message } = httpExceptionAnswer(err);
      return c.json({ error: { code, message, requestId: c.get('requestId') } }, err.status);
    }
    deps.logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return c.json(
      {
        error: {
          code: 'internal',
          message: '服务器内部出错；请求编号（requestId）可用于在日志中查找原因。',
          requestId: c.get('requestId'),
        },
      },
      500,
    );
  });

  return app;
}
