// The console's built files (console/dist, `npm run console:build`) at `/`: index.html for `/`,
// `/login` and every page under `/app/` (the console routes them itself), its hashed files under
// `/assets/` cached for a year (a new build has new names), index.html never cached so a new
// build is picked up at once. Served before authentication: the files hold no data.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { AppEnv } from './context.js';

export const CONSOLE_ASSETS = '/assets/';
export const CONSOLE_DIST = fileURLToPath(new URL('../console/dist', import.meta.url));
/** Paths whose answer is the console's page (it routes them in the browser). */
export const isConsolePage = (path: string) =>
  path === '/' || path === '/login' || path === '/app' || path.startsWith('/app/');
export const isConsolePath = (path: string) => isConsolePage(path) || path.startsWith(CONSOLE_ASSETS);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>督办工作台</title></head>
<body><p>工作台尚未构建：请运行 <code>npm run console:build</code>（<code>npm start</code> 会自动构建）后刷新。</p></body></html>`;

/** A built file, with its gzip form made once at load (the bundles shrink to about a third). */
interface Asset {
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  type: string;
}

interface Built {
  /** index.html's modification time: a newer build replaces this one. */
  builtAt: number;
  index: string;
  assets: Map<string, Asset>;
}

/** Reads the build, unless `current` is it still; a later build is read on the next request for the page. */
function load(distDir: string, current: Built | undefined): Built | undefined {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) return current;
  const builtAt = statSync(indexFile).mtimeMs;
  if (current?.builtAt === builtAt) return current;
  const assets = new Map<string, Asset>();
  const assetDir = join(distDir, 'assets');
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = new Uint8Array(readFileSync(join(assetDir, name)));
    assets.set(name, { body, gzip: new Uint8Array(gzipSync(body, { level: 9 })), type });
  }
  return { builtAt, index: readFileSync(indexFile, 'utf8'), assets };
}

export function consoleRoutes(options: { distDir: string }) {
  let built: Built | undefined;
  const app = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>) => {
    built = load(options.distDir, built);
    c.header('Cache-Control', 'no-cache');
    return c.html(built?.index ?? NOT_BUILT, built ? 200 : 503);
  };
  app.get('/', page);
  app.get('/login', page);
  app.get('/app', page);
  app.get('/app/*', page);
  app.get(`${CONSOLE_ASSETS}:file`, (c) => {
    built ??= load(options.distDir, built);
    const asset = built?.assets.get(c.req.param('file'));
    if (!asset) return c.json({ error: { code: 'not_found', message: `没有该文件：${c.req.path}` } }, 404);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    return c.body(gzip ? asset.gzip : asset.body, 200, {
      'content-type': asset.type,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
  });
  return app;
}
