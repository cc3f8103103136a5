// Writes the API's OpenAPI document and the console's types generated from it
// (console/src/api/schema.d.ts, by openapi-typescript), so a changed route breaks the console's
// type-check (README, Console). No database or Temporal is needed: the document comes from the
// route definitions alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../api/app.js';
import type { AppDeps } from '../api/context.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const unused = new Proxy({}, { get: () => () => undefined }) as never;
const app = createApp({
  db: unused,
  sql: unused,
  temporal: unused,
  renderer: unused,
  logger: unused,
  env: { TRUSTED_PROXIES: [] } as unknown as AppDeps['env'],
  processStarter: unused,
});
const answer = await app.request('/openapi.json');
if (!answer.ok) throw new Error(`GET /openapi.json answered ${answer.status}`);
const dir = mkdtempSync(join(tmpdir(), 'duban-openapi-'));
try {
  const documentFile = join(dir, 'openapi.json');
  writeFileSync(documentFile, await answer.text());
  const generator = join(root, 'console/node_modules/.bin/openapi-typescript');
  execFileSync(generator, [documentFile, '-o', join(root, 'console/src/api/schema.d.ts')], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
