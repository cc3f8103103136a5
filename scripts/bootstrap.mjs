#!/usr/bin/env node
// Makes a fresh clone runnable: npm packages (the API's and the console's), the Temporal CLI,
// Chromium and CJK fonts.
// Node built-ins only (it runs before node_modules exists); idempotent and quick when all
// is present. `--for-tests` also ensures what the suite needs (pdftotext, the Temporal CLI
// even when TEMPORAL_ADDRESS is set, because tests start their own dev server).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, renameSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import {
  TEMPORAL_CLI_VERSION,
  chromiumPath,
  chromiumPresent,
  findTemporalCli,
  onPath,
  temporalCacheDir,
} from './toolchain.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--for-tests');
const say = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);

class BootstrapError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new BootstrapError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** The packages of the project at `dir` (the API's, or the console's in console/), installed when missing or stale. */
function ensureNodeModules(dir = root, what = 'npm packages') {
  const lock = join(dir, 'package-lock.json');
  const marker = join(dir, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say(existsSync(marker) ? `${lock} changed: installing ${what}…` : `installing ${what}…`);
  // `npm install`, not `npm ci`: the registry here lacks some optional per-platform builds
  // (e.g. @swc/core for win32), which the lockfile therefore omits and `npm ci` rejects.
  // PUPPETEER_SKIP_DOWNLOAD: we drive the OS Chromium; nothing may fetch a browser build.
  run('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
  // npm may rewrite the lockfile after its marker; mark node_modules current so the next run is a no-op.
  const now = new Date();
  utimesSync(marker, now, now);
}

async function buildTemporalCli(target) {
  if (!onPath('go')) {
    throw new BootstrapError(
      'The Temporal CLI is missing and Go is not installed to build it. Install Go ≥ 1.22 (https://go.dev/dl), ' +
        'or put `temporal` on PATH, or set TEMPORAL_CLI_PATH to a temporal binary, or set TEMPORAL_ADDRESS to a running Temporal service.',
    );
  }
  const dir = dirname(target);
  const staging = join(dir, `.build-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${dir} (once; a few minutes)…`);
  const started = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn('go', ['install', '-v', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
      cwd: tmpdir(),
      env: { ...process.env, GOBIN: staging },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let packages = 0;
    let tail = '';
    child.stderr.on('data', (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      packages += text.split('\n').filter((l) => l && !l.startsWith('go: ')).length;
    });
    const ticker = setInterval(
      () => say(`  …still building: ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)} s`),
      10_000,
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new BootstrapError(`go install of the Temporal CLI failed (exit ${code}):\n${tail}`));
    });
  });
  // Move into place only once complete, so an interrupted build never leaves a broken binary.
  renameSync(join(staging, 'temporal'), target);
  spawnSync('rm', ['-rf', staging]);
  say(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function ensureTemporalCli() {
  if (process.env.TEMPORAL_ADDRESS && !forTests) return;
  const found = findTemporalCli();
  if (found.path) {
    if (!existsSync(found.path))
      throw new BootstrapError(`${found.source} points at ${found.path}, which does not exist.`);
    return;
  }
  mkdirSync(temporalCacheDir(), { recursive: true });
  await buildTemporalCli(found.cached);
}

function hasDebPackage(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureDebPackages(packages, why) {
  const missing = packages.filter((p) => !hasDebPackage(p));
  if (missing.length === 0) return;
  const canApt = process.getuid?.() === 0 && onPath('apt-get');
  if (!canApt) {
    throw new BootstrapError(
      `${why} needs ${missing.join(', ')}: install them (e.g. \`sudo apt-get install ${missing.join(' ')}\`).`,
    );
  }
  say(`installing Debian packages: ${missing.join(' ')}…`);
  run('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function ensureChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (!chromiumPresent())
      throw new BootstrapError(`CHROMIUM_PATH is ${chromiumPath()}, which is not an executable file.`);
  } else if (!chromiumPresent() || !hasDebPackage('fonts-noto-cjk') || !onPath('fc-match')) {
    // fontconfig's fc-match tells the renderer where the Noto CJK faces are (activities/document-fonts.ts).
    if (onPath('dpkg-query'))
      ensureDebPackages(['chromium', 'fonts-noto-cjk', 'fontconfig'], 'Rendering official documents');
    else throw new BootstrapError('Chromium was not found at /usr/bin/chromium: install it, or set CHROMIUM_PATH.');
  }
}

try {
  ensureNodeModules();
  ensureNodeModules(join(root, 'console'), "the console's npm packages");
  ensureChromium();
  if (forTests && !onPath('pdftotext')) ensureDebPackages(['poppler-utils'], 'The test suite (PDF text extraction)');
  await ensureTemporalCli();
} catch (err) {
  if (err instanceof BootstrapError) {
    say(`error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
