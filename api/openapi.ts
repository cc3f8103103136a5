// The OpenAPI document (issue 11, item 8), finished in one place rather than route by route: every
// operation gets an operationId, its security (none on the public paths), and the error answers
// the shared middleware really gives it — the edge rules (api/input-rules.ts), authentication,
// Hono's JSON validator, idempotency (api/idempotency.ts), a process start (api/workflow-start.ts)
// and the last-resort 500 (api/app.ts onError). A route documents its own refusals (403, 404, 409 …)
// with its description; this only adds what is missing. `redocly lint` (redocly.yaml) passes on the result.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { IDEMPOTENCY_KEY_PARAMETER } from './idempotency.js';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = Record<string, unknown> & {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, unknown>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The shared answers, as `components.responses`; operations refer to them. */
export const SHARED_ERRORS = {
  BadRequest: error('The body is not valid JSON (code `malformed_json`) or cannot be parsed (`bad_request`)'),
  Unauthenticated: error('Not signed in: send the token from POST /auth/login (code `unauthenticated`)'),
  PayloadTooLarge: error('The body is larger than the limit (code `payload_too_large`)'),
  UnsupportedMediaType: error('The body is not of the type the operation takes (code `unsupported_media_type`)'),
  ValidationFailed: error(
    'Invalid input, with field errors in `details.fields` (code `validation_failed`); for a POST with an ' +
      'Idempotency-Key, that key already used for another request (`idempotency_key_reused`)',
  ),
  InProgress: error('A request with this Idempotency-Key is still running (code `idempotency_in_progress`)'),
  Unavailable: error('The workflow service did not take the start; nothing was kept (code `unavailable`)'),
  Internal: error('Something went wrong on our side; `requestId` identifies it in the logs (code `internal`)'),
} as const;

type SharedError = keyof typeof SHARED_ERRORS;
const ref = (name: SharedError) => ({ $ref: `#/components/responses/${name}` });

/** `get /handovers/{id}/draft` → `getHandoversByIdDraft`: stable, unique (one operation per method and path). */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', ...param[1]!.split(/[-_]/)] : segment.split(/[-_]/);
    });
  return method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export interface DocumentFacts {
  /** Paths reachable without a session (api/app.ts PUBLIC_PATHS). */
  publicPaths: readonly string[];
  /** `METHOD path` of the operations that start a process through startProcessWorkflow (503 when Temporal refuses). */
  processStarts: readonly string[];
}

/** Serves GET /openapi.json: the document generated from `app`'s routes, finished. */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>, facts: DocumentFacts): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Token from POST /auth/login',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'consoleSession', {
    type: 'apiKey',
    in: 'cookie',
    name: 'duban_session',
    description:
      "The console's session cookie from POST /auth/session; requests other than GET/HEAD also send X-CSRF-Token",
  });
  app.openAPIRegistry.registerComponent('parameters', 'IdempotencyKey', IDEMPOTENCY_KEY_PARAMETER);
  app.get('/openapi.json', (c) => {
    const document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Duban 督办 API',
        version: '0.1.0',
        description: 'Durable supervision workflows for health-information regulation.',
      },
    });
    return c.json(finishDocument(document, facts));
  });
}

/** Completes `document` in place (see the file's head) and returns it. */
export function finishDocument(document: Document, facts: DocumentFacts): Document {
  document.servers = [{ url: '/', description: 'This server (the paths are relative to where the API is served)' }];
  document.security = [{ bearer: [] }, { consoleSession: [] }];
  document.components = { ...document.components, responses: { ...document.components?.responses, ...SHARED_ERRORS } };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) finishOperation(operation, method, path, facts);
    }
  }
  return document;
}

function finishOperation(operation: Operation, method: string, path: string, facts: DocumentFacts): void {
  operation.operationId ??= operationIdOf(method, path);
  const responses = (operation.responses ??= {});
  const add = (status: number, name: SharedError) => {
    responses[String(status)] ??= ref(name);
  };
  const isPublic = facts.publicPaths.includes(path);
  if (isPublic) operation.security = [];
  else {
    // Every signed-in route takes either the bearer token or the console's cookie (api/auth/browser-session.ts).
    operation.security = [{ bearer: [] }, { consoleSession: [] }];
    add(401, 'Unauthenticated');
  }
  // Unstorable text in the path or the query (storableText), or a schema's refusal.
  add(422, 'ValidationFailed');
  const bodyTypes = Object.keys(operation.requestBody?.content ?? {});
  if (bodyTypes.length) {
    add(413, 'PayloadTooLarge');
    add(415, 'UnsupportedMediaType');
    if (bodyTypes.includes('application/json')) add(400, 'BadRequest');
  }
  if (method === 'post' && !isPublic) {
    // A signed-in caller's POST may carry an Idempotency-Key (the idempotentRequests middleware).
    const parameters = ((operation.parameters as unknown[] | undefined) ??= []);
    parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    add(409, 'InProgress');
  }
  if (facts.processStarts.includes(`${method.toUpperCase()} ${path}`)) add(503, 'Unavailable');
  add(500, 'Internal');
  // Keep the answers in status order, as a reader scans them.
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
