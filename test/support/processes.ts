// Runs the real launcher as a child process, the way an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface LaunchedStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment for a child stack: ours minus everything Duban reads, plus `overrides`. */
export function stackEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'DATABASE_OWNER_URL',
    'DUBAN_DEMO',
    'ID_HASH_KEY',
    'AUDIT_KEY',
    'TEMPORAL_ADDRESS',
    'PORT',
    'DATA_DIR',
    'TEMPORAL_DEV_PORT',
    'TEMPORAL_UI_PORT',
    'EMBEDDED_PG_PORT',
    'LOG_LEVEL',
  ])
    delete env[key];
  return { ...env, LOG_LEVEL: 'warn', ...overrides };
}

/** The secrets of a real deployment (outside demo mode DATABASE_URL requires both). */
export const DEPLOYMENT_KEYS = {
  ID_HASH_KEY: 'test-deployment-id-hash-key',
  AUDIT_KEY: 'test-deployment-audit-key-0123456789abcdef',
};

/** Spawns `command` in its own process group (as a terminal would), collecting its output. */
export function launch(command: string, args: string[], env: NodeJS.ProcessEnv): LaunchedStack {
  const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** Starts `node --import tsx scripts/start.ts` (what `npm start` runs after its bootstrap). */
export function launchStack(env: NodeJS.ProcessEnv): LaunchedStack {
  return launch(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], env);
}

/** Resolves with the /healthz body once it answers 200; fails early if the process exits. */
export async function waitForHealthy(url: string, stack: LaunchedStack, timeoutMs = 120_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void stack.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`stack exited before becoming healthy:\n${stack.output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return await res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not healthy within ${timeoutMs} ms:\n${stack.output()}`);
}

/** Pids of live processes whose command line mentions `needle` (e.g. a temp data dir). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmdline.includes(needle) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Pids of the live members of process group `pgid` (a browser puppeteer started leads its own group). */
export function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/**
 * Stops every process of group `pgid` (SIGSTOP to the whole group at once, so a helper process that
 * exits meanwhile is no race) and returns the members now frozen.
 */
export function freezeProcessGroup(pgid: number): number[] {
  process.kill(-pgid, 'SIGSTOP');
  return processGroup(pgid);
}

/** Whether `pid` is a live process (not gone, not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
}

/** Runs `fn` with a Temporal client of the launched stack's dev server on `port`, then disconnects. */
export async function withClient<T>(port: number, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}
