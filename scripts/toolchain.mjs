// Where the external programs Duban drives live. Node built-ins only: the bootstrap imports
// this before `node_modules` exists, and the launcher and tests import it to find the same paths.
import { existsSync, accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromiumPath } from '../config/chromium.mjs';

export { chromiumPath };

/** The Temporal CLI tag we build; later tags carry a `replace` directive `go install` refuses. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const cacheBase = () => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'duban');

/** Cache directory for the Temporal CLI build, outside the clone so a fresh clone reuses it. */
export function temporalCacheDir() {
  return join(cacheBase(), `temporal-${TEMPORAL_CLI_VERSION}`);
}

/** Where the bootstrap builds the document fonts and their fontconfig file (fonts.conf). */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable called `name` on PATH, or undefined. */
export function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The Temporal CLI to run: TEMPORAL_CLI_PATH, else `temporal` on PATH, else the cached build.
 * Returns `{ path, source }`; `path` is undefined when none exists yet.
 */
export function findTemporalCli() {
  if (process.env.TEMPORAL_CLI_PATH) return { path: process.env.TEMPORAL_CLI_PATH, source: 'TEMPORAL_CLI_PATH' };
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = join(temporalCacheDir(), 'temporal');
  return { path: isExecutable(cached) ? cached : undefined, source: 'cache', cached };
}

export function chromiumPresent() {
  return existsSync(chromiumPath()) && isExecutable(chromiumPath());
}
