// `npm run build`: what production runs, built once. tsc compiles the sources to dist/ (plain `node`
// runs them, no tsx), the files they read beside themselves (templates, migrations, word lists, the
// bootstrap's .mjs helpers) are copied along, and the workflow bundle the worker would otherwise
// build with webpack at every start is written to dist/workflow-bundle.js (scripts/worker.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { buildConsole } from './console-build.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_PRELOAD_MODULES } from './workflow-bundle-options.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const SOURCE_DIRS = ['workflows', 'activities', 'api', 'db', 'config', 'domain', 'scripts', 'templates'];

const startedAt = Date.now();
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  process.stderr.write('build failed: tsc reported errors\n');
  process.exit(1);
}

/** Every file tsc does not emit (non-TypeScript), keeping its place relative to the code reading it. */
function copyAssets(dir: string): number {
  let copied = 0;
  for (const entry of readdirSync(join(root, dir))) {
    const rel = join(dir, entry);
    if (statSync(join(root, rel)).isDirectory()) copied += copyAssets(rel);
    else if (!/\.(ts|mts)$/.test(entry)) {
      mkdirSync(dirname(join(dist, rel)), { recursive: true });
      cpSync(join(root, rel), join(dist, rel));
      copied++;
    }
  }
  return copied;
}
const assets = SOURCE_DIRS.reduce((n, dir) => n + copyAssets(dir), 0);

// The console's files, beside the code that serves them (api/console-files.ts reads ../console/dist).
buildConsole({ force: true, say: (line) => process.stderr.write(`${line}\n`) });
cpSync(join(root, 'console', 'dist'), join(dist, 'console', 'dist'), { recursive: true });

const { code } = await bundleWorkflowCode({
  workflowsPath: join(dist, 'workflows', 'index.js'),
  preloadModules: WORKFLOW_PRELOAD_MODULES,
});
writeFileSync(join(dist, 'workflow-bundle.js'), code);

process.stderr.write(
  `built dist/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${assets} files copied, workflow bundle ${(code.length / 1024).toFixed(0)} KiB)\n` +
    '  run: node dist/scripts/start.js            (everything, like npm start)\n' +
    '       node dist/scripts/start.js api|worker (one role; README "At scale")\n',
);
