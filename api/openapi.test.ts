import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';

describe('API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('serves an OpenAPI 3.1 document generated from the route schemas, and interactive docs', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
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
    expect(await docs.text()).toContain('/openapi.json');
  });
});
