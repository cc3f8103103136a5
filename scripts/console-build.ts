// Builds the console (console/dist) when the build is missing or older than its sources, showing
// Vite's progress; `npm start` runs it before serving, `npm run console:build` forces it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = fileURLToPath(new URL('../console', import.meta.url));
const builtIndex = join(consoleDir, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];

/** The newest modification time among the console's sources. */
function newestSource(path = consoleDir, names = SOURCES): number {
  let newest = 0;
  for (const name of names) {
    const full = join(path, name);
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(full, readdirSync(full)) : stat.mtimeMs);
  }
  return newest;
}

export function consoleBuildIsCurrent(): boolean {
  return existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestSource();
}

/** Builds unless current (or always, with `force`); throws with Vite's exit status on failure. */
export function buildConsole(options: { force?: boolean; say?: (line: string) => void } = {}): void {
  if (!options.force && consoleBuildIsCurrent()) return;
  options.say?.('构建工作台（console/dist）…');
  const vite = join(consoleDir, 'node_modules', '.bin', 'vite');
  // Always React's and Ant Design's production build: Vite takes NODE_ENV from the environment, and a
  // caller's NODE_ENV=test (Vitest sets it; the suite runs `npm run build`) once shipped the
  // development build, warnings and all, to every page served afterwards.
  const result = spawnSync(vite, ['build'], {
    cwd: consoleDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`console build failed (vite exit ${result.status ?? result.signal})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildConsole({ force: process.argv.includes('--force'), say: (line) => process.stderr.write(`${line}\n`) });
}
