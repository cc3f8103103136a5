// After a crash of the launcher (kill -9, power loss of the terminal, OOM killer) its children
// can outlive it: PostgreSQL, the Temporal dev server and Chromium keep their ports and files, and
// the next start would refuse ("port already in use"). The next start finds them through
// DATA_DIR and stops them, but only a process that is provably ours: its pid comes from a pid
// file in DATA_DIR and its command line names the same DATA_DIR path. A stranger on a port is
// never touched (the port check then names it).
import { readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A process a previous run left behind, and how to stop it. */
export interface LeftoverProcess {
  part: 'embedded postgres' | 'temporal dev server' | 'chromium';
  pid: number;
  /** SIGINT is PostgreSQL's fast shutdown (it rolls back open transactions and checkpoints). */
  signal: NodeJS.Signals;
  /** Chromium leads its own process group (renderers and utility processes belong to it). */
  group: boolean;
}

/** Where each part records its pid under DATA_DIR. */
export const pidFiles = {
  /** The launcher's pid and command line: a live one owns the directory and its children. */
  launcher: (dataDir: string) => join(resolve(dataDir), 'launcher.pid'),
  temporal: (dataDir: string) => join(resolve(dataDir), 'temporal.pid'),
  postgres: (dataDir: string) => join(resolve(dataDir), 'pg', 'postmaster.pid'),
  /** Chromium's own profile lock, a symlink to `host-pid`. */
  chromium: (dataDir: string) => join(resolve(dataDir), 'chromium', 'SingletonLock'),
};

/** Records `pid` for `part` (removed again by a clean stop). */
export function writePidFile(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}

function commandLine(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

function processGroupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

function pidFrom(read: () => string, pattern: RegExp): number | undefined {
  try {
    const pid = Number(pattern.exec(read())?.[1]);
    return Number.isSafeInteger(pid) && pid > 1 && pid !== process.pid ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The processes of a previous run on `dataDir` that are still alive, each proven ours by pid file and command line. */
export function findLeftovers(dataDir: string): LeftoverProcess[] {
  const dir = resolve(dataDir);
  const found: LeftoverProcess[] = [];
  const temporal = pidFrom(() => readFileSync(pidFiles.temporal(dir), 'utf8'), /^(\d+)/);
  if (temporal && commandLine(temporal)?.includes(join(dir, 'temporal.db')))
    found.push({ part: 'temporal dev server', pid: temporal, signal: 'SIGTERM', group: false });

  const postgres = pidFrom(() => readFileSync(pidFiles.postgres(dir), 'utf8'), /^(\d+)/);
  const postgresArgs = postgres ? commandLine(postgres) : undefined;
  if (postgres && postgresArgs && postgresArgs[postgresArgs.indexOf('-D') + 1] === join(dir, 'pg'))
    found.push({ part: 'embedded postgres', pid: postgres, signal: 'SIGINT', group: false });

  const chromium = pidFrom(() => readlinkSync(pidFiles.chromium(dir)), /-(\d+)$/);
  if (chromium && commandLine(chromium)?.includes(`--user-data-dir=${join(dir, 'chromium')}`)) {
    found.push({ part: 'chromium', pid: chromium, signal: 'SIGKILL', group: processGroupOf(chromium) === chromium });
  }
  return found;
}

const alive = (pid: number) => commandLine(pid) !== undefined;

/**
 * Claims `dataDir` for this process, refusing while another launcher that claimed it still runs
 * (its children are then not leftovers). The pid file holds the command line too, so a pid reused
 * by an unrelated process after a crash does not count as a live launcher.
 */
export function claimDataDir(dataDir: string): () => void {
  const file = pidFiles.launcher(dataDir);
  const argsOf = (pid: number) => commandLine(pid)?.join(' ').trim();
  const self = argsOf(process.pid)!;
  try {
    const [pidLine, ...rest] = readFileSync(file, 'utf8').split('\n');
    const pid = Number(pidLine);
    const args = argsOf(pid);
    if (pid !== process.pid && args !== undefined && args === rest.join('\n').trim()) {
      throw new Error(
        `数据目录 ${resolve(dataDir)} 正由另一个督办实例（进程 ${pid}）使用：先停止它，或设置另一个 DATA_DIR。`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(file, `${process.pid}\n${self}\n`);
  return () => removePidFile(file);
}

/**
 * Stops what a previous run on `dataDir` left running: its signal first, SIGKILL after
 * `graceMs`. Resolves with what it stopped (for the log).
 */
export async function stopLeftovers(dataDir: string, graceMs = 15_000): Promise<LeftoverProcess[]> {
  const leftovers = findLeftovers(dataDir);
  const send = (p: LeftoverProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(p.group ? -p.pid : p.pid, signal);
    } catch {
      // already gone
    }
  };
  for (const p of leftovers) send(p, p.signal);
  const deadline = Date.now() + graceMs;
  while (leftovers.some((p) => alive(p.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const p of leftovers) if (alive(p.pid)) send(p, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (leftovers.some((p) => alive(p.pid)) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 100));
  return leftovers;
}
