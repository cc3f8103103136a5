// The interactive API documentation at /docs: Swagger UI served from the `swagger-ui-dist` package
// on this server, so it works where no CDN can be reached (a government intranet). The page has no
// inline script; the docs Content-Security-Policy (security-headers.ts) allows only this origin.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from './context.js';

export const DOCS_PATH = '/docs';
const ASSETS = `${DOCS_PATH}/assets`;

/** The package's files the page uses, with the type each is served as. */
const ASSET_TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>Duban 督办 API</title>
    <link rel="stylesheet" href="${ASSETS}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${ASSETS}/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_PATH}/init.js"></script>
  </body>
</html>
`;

/** Every path the docs answer: reachable without signing in, like the document they show. */
export const DOCS_PUBLIC_PATHS = [
  DOCS_PATH,
  `${DOCS_PATH}/init.js`,
  ...Object.keys(ASSET_TYPES).map((f) => `${ASSETS}/${f}`),
];

const packageDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
let loaded: Map<string, Uint8Array<ArrayBuffer>> | undefined;
/** Read once, on the first request for the docs: the API never reads the files otherwise. */
const assets = () =>
  (loaded ??= new Map(Object.keys(ASSET_TYPES).map((f) => [f, new Uint8Array(readFileSync(join(packageDir, f)))])));

export function docsRoutes() {
  const app = new Hono<AppEnv>();
  app.get(DOCS_PATH, (c) => c.html(PAGE));
  app.get(`${DOCS_PATH}/init.js`, (c) =>
    c.body(INITIALIZER, 200, { 'content-type': ASSET_TYPES['swagger-ui-bundle.js']! }),
  );
  app.get(`${ASSETS}/:file`, (c) => {
    const file = c.req.param('file');
    const type = Object.hasOwn(ASSET_TYPES, file) ? ASSET_TYPES[file] : undefined;
    if (!type) return c.notFound();
    return c.body(assets().get(file)!, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
