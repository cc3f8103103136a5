// The API's contract (issue 11, item 8): /openapi.json passes `redocly lint` (redocly.yaml, run
// offline), every operation has an operationId and documents the statuses the API really answers,
// and real answers match the documented schemas.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createTestApp, fromPeer, TEST_PROXY, type Caller, type TestApp } from '../test/support/app.js';
import { repoRoot } from '../test/support/processes.js';
import { EVIDENCE_LIMITS } from '../domain/inspections.js';
import { PROCESS_STARTS } from '../domain/processes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is JSON, walked by path
type Json = any;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the document as [method, path, operation]. */
const operationsOf = (doc: Json): [string, string, Json][] =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => [m, path, item[m]] as [string, string, Json]),
  );

/** The rows of a list answer, whether it is a bare array or a page (`items`). */
const itemsOf = <T>(answer: Json): T[] => (Array.isArray(answer) ? answer : answer.items);

/** A response object, following a `$ref` to components.responses. */
function responseOf(doc: Json, operation: Json, status: number): Json {
  const response = operation.responses[String(status)];
  if (!response?.$ref) return response;
  return doc.components.responses[(response.$ref as string).split('/').pop()!];
}

describe('API contract', () => {
  let t: TestApp;
  let doc: Json;
  let official: Caller;
  // Draft 2020-12 is the dialect of OpenAPI 3.1's schemas; `components` rides along for the refs.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);

  /** Fails with the validator's errors when `body` does not match what `METHOD path` documents for `status`. */
  function expectDocumented(method: string, path: string, status: number, body: unknown): void {
    const operation = doc.paths[path]?.[method];
    expect(operation, `${method} ${path} is documented`).toBeDefined();
    const response = responseOf(doc, operation, status);
    expect(response, `${method} ${path} documents ${status}`).toBeDefined();
    const schema = response.content['application/json'].schema;
    const validate = ajv.compile({ ...schema, components: doc.components });
    expect(validate(body) ? [] : validate.errors, `${method} ${path} ${status}: ${JSON.stringify(body)}`).toEqual([]);
  }

  /** Calls `path` as `caller`, checks the answer's status and that its body matches the documented schema. */
  async function call(
    caller: Caller,
    method: 'get' | 'post' | 'put' | 'patch' | 'del',
    path: string,
    documentedPath: string,
    status: number,
    body?: unknown,
  ): Promise<Json> {
    const res = await caller[method](path, body);
    const answer = await res.json();
    expect(res.status, `${method} ${path}: ${JSON.stringify(answer)}`).toBe(status);
    expectDocumented(method === 'del' ? 'delete' : method, documentedPath, status, answer);
    return answer;
  }

  beforeAll(async () => {
    // A task queue no worker polls: the processes started here only need to start.
    t = await createTestApp({ taskQueue: 'openapi-contract' });
    doc = await (await t.app.request('/openapi.json')).json();
    official = await t.as('jinshui.official');
  });
  afterAll(() => t?.close());

  it('serves an OpenAPI 3.1 document generated from the route schemas, and interactive docs', async () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/healthz',
      '/auth/login',
      '/units',
      '/users/{id}',
      '/audit',
      '/audit/verify',
      '/tasks',
      '/tasks/{id}/complete',
      '/documents/{id}',
      '/notices',
      '/deadline-policies/{key}',
      '/data-holdings',
      '/handovers',
      '/handovers/{id}/draft',
      '/handovers/{id}/extend',
      '/checklist-templates',
      '/inspection-plans/{id}/pause',
      '/inspections/{id}/evidence',
      '/inspection-runs/{id}/report',
      '/accountability-cases',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.components.schemas.CreateUser.properties.idNumber.pattern).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const docs = await t.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await (await t.app.request('/docs/init.js')).text()).toContain("'/openapi.json'");
  });

  it('passes `redocly lint` (recommended rules, redocly.yaml) with no error and no warning, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const run = await promisify(execFile)(
        join(repoRoot, 'node_modules/.bin/redocly'),
        ['lint', file, '--config', join(repoRoot, 'redocly.yaml'), '--format=json'],
        // No telemetry, no update check: the CLI reads the file and the config, nothing else.
        {
          cwd: dir,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
        },
      ).catch((err: { stdout?: string; stderr?: string }) => err);
      const report = JSON.parse(run.stdout ?? '{}');
      expect(report.problems, run.stderr).toEqual([]);
      expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every operation once, marks the public ones public, and documents the shared refusals', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(40);
    const ids = ops.map(([, , op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const [method, path, op] of ops) {
      const where = `${method} ${path}`;
      if (['/healthz', '/auth/login', '/auth/session'].includes(path)) expect(op.security, where).toEqual([]);
      else {
        // The bearer token, or the console's session cookie.
        expect(op.security, where).toEqual([{ bearer: [] }, { consoleSession: [] }]);
        expect(responseOf(doc, op, 401), where).toBeDefined();
      }
      for (const status of [422, 500]) expect(responseOf(doc, op, status), `${where} ${status}`).toBeDefined();
      if (op.requestBody?.content?.['application/json'])
        for (const status of [400, 413, 415]) expect(responseOf(doc, op, status), `${where} ${status}`).toBeDefined();
    }
    for (const start of PROCESS_STARTS) {
      const [method, path] = start.split(' ') as [string, string];
      expect(responseOf(doc, doc.paths[path][method.toLowerCase()], 503), start).toBeDefined();
    }
  });

  it('documents every refusal the shared middleware really gives, on every operation, with its body', async () => {
    // A value each path parameter's schema takes, so the request reaches the check under test.
    const UUID = '00000000-0000-4000-8000-000000000000';
    const valueFor = (schema: Json): string => {
      const prefixed = /^\^([a-z]+-)\[0-9a-f-\]\{36\}\$$/.exec(schema.pattern ?? '');
      const candidates = [prefixed ? `${prefixed[1]}${UUID}` : '', '1', UUID, 'task.default', 'x'.repeat(12)];
      const fits = ajv.compile(schema.type === 'integer' ? { type: 'string', pattern: '^[1-9][0-9]*$' } : schema);
      return candidates.find((c) => c && fits(c))!;
    };
    let operation: Json;
    const concrete = (path: string) =>
      path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        valueFor(operation.parameters.find((p: Json) => p.in === 'path' && p.name === name).schema),
      );
    const request = (method: string, path: string, init: RequestInit = {}) =>
      t.app.request(concrete(path), { method: method.toUpperCase(), ...init }, fromPeer(TEST_PROXY));
    let checked = 0;
    for (const [method, path, op] of operationsOf(doc)) {
      operation = op;
      const answers: [number, Response][] = [];
      if (op.security?.length) answers.push([401, await request(method, path)]);
      if (op.requestBody?.content?.['application/json']) {
        const auth = { authorization: `Bearer ${official.token}` };
        answers.push([
          400,
          await request(method, path, { headers: { ...auth, 'content-type': 'application/json' }, body: '{"a":' }),
        ]);
        answers.push([
          415,
          await request(method, path, { headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' }),
        ]);
        answers.push([
          413,
          await request(method, path, {
            headers: { ...auth, 'content-type': 'application/json' },
            // Incident reports take up to 12 MiB (a long field is named in a 422; api/incidents/routes.ts).
            body: JSON.stringify({ pad: 'x'.repeat(path.startsWith('/incidents') ? 12 * 1024 * 1024 : 1024 * 1024) }),
          }),
        ]);
      }
      for (const [status, res] of answers) {
        expect(res.status, `${method} ${path}`).toBe(status);
        expectDocumented(method, path, status, await res.json());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('documents the content types the downloads really have', () => {
    const evidence = Object.keys(doc.paths['/evidence/{id}'].get.responses['200'].content).sort();
    expect(evidence).toEqual([...EVIDENCE_LIMITS.types].sort());
    expect(Object.keys(doc.paths['/documents/{id}'].get.responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(doc.paths['/audit'].get.responses['200'].content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
  });

  it('answers what it documents: a sample of real answers validates against the documented schemas', async () => {
    // The check has teeth: a body the schema does not describe fails it.
    expect(() => expectDocumented('get', '/auth/me', 200, { id: 'seven', roles: ['nobody'] })).toThrow();
    expect(() => expectDocumented('get', '/units/{id}', 404, { code: 'not_found' })).toThrow();

    const health = await t.app.request('/healthz');
    expectDocumented('get', '/healthz', health.status, await health.json());

    await call(official, 'get', '/auth/me', '/auth/me', 200);
    const units = itemsOf<{ id: number; name: string }>(await call(official, 'get', '/units', '/units', 200));
    const hospital = units.find((u) => u.name === '金水区总医院')!;
    const cdc = units.find((u) => u.name === '金水区疾病预防控制中心')!;
    await call(official, 'get', `/units/${hospital.id}`, '/units/{id}', 200);
    await call(official, 'get', '/units/2147483647', '/units/{id}', 404);
    await call(official, 'get', '/units/0x1', '/units/{id}', 422);
    const admin = await t.as('admin');
    const users = await call(admin, 'get', '/users', '/users', 200);
    const someone = itemsOf<{ id: number }>(users)[0]!;
    await call(admin, 'get', `/users/${someone.id}`, '/users/{id}', 200);
    await call(official, 'get', '/deadline-policies', '/deadline-policies', 200);
    const auditor = await t.as('prov.auditor');
    await call(auditor, 'get', '/audit', '/audit', 200);
    await call(auditor, 'get', '/audit/verify', '/audit/verify', 200);
    await call(official, 'get', '/audit', '/audit', 403);

    const notice = await call(official, 'post', '/notices', '/notices', 201, {
      recipientUnitId: hospital.id,
      title: '关于开展数据备份恢复演练的通知',
      paragraphs: ['请按要求开展演练。'],
    });
    await call(official, 'get', `/notices/${notice.id}`, '/notices/{id}', 200);
    await call(official, 'get', '/notices', '/notices', 200);

    const cdcStaff = await t.as('jscdc.staff');
    const holdings = await call(cdcStaff, 'get', '/data-holdings', '/data-holdings', 200);
    const holding = itemsOf<{ id: number }>(holdings)[0]!;
    await call(cdcStaff, 'get', `/data-holdings/${holding.id}`, '/data-holdings/{id}', 200);

    const handover = await call(official, 'post', '/handovers', '/handovers', 201, {
      handingUnitId: cdc.id,
      receivingUnitId: hospital.id,
      reason: 'merger',
    });
    await call(official, 'get', `/handovers/${handover.id}`, '/handovers/{id}', 200);
    await call(official, 'get', '/handovers', '/handovers', 200);
    // A second open handover of the same unit: the documented 409.
    await call(official, 'post', '/handovers', '/handovers', 409, {
      handingUnitId: cdc.id,
      receivingUnitId: hospital.id,
      reason: 'merger',
    });

    const templates = await call(official, 'get', '/checklist-templates', '/checklist-templates', 200);
    const template = itemsOf<{ id: number }>(templates)[0]!;
    await call(official, 'get', `/checklist-templates/${template.id}`, '/checklist-templates/{id}', 200);
    await call(official, 'get', '/inspection-plans', '/inspection-plans', 200);
    await call(official, 'get', '/inspections', '/inspections', 200);
    await call(official, 'get', '/accountability-cases', '/accountability-cases', 200);
    await call(official, 'get', '/tasks', '/tasks', 200);
  });
});
