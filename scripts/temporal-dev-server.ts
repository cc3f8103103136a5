// The Temporal CLI dev server with SQLite persistence, for zero-set-up runs.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findTemporalCli } from './toolchain.mjs';
import { assertPortFree, waitForPort } from './ports.js';
import { pidFiles, removePidFile, writePidFile } from './leftover-processes.js';

export interface TemporalDevServerHandle {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log?: (line: string) => void;
}

/** Starts `temporal server start-dev` on 127.0.0.1 and resolves once its frontend accepts connections. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServerHandle> {
  const cli = findTemporalCli();
  if (!cli.path)
    throw new Error(
      'The Temporal CLI was not found; run `npm start` (its bootstrap builds it) or set TEMPORAL_CLI_PATH.',
    );
  await assertPortFree(opts.port, 'the Temporal dev server', 'TEMPORAL_DEV_PORT');
  await assertPortFree(opts.uiPort, 'the Temporal UI', 'TEMPORAL_UI_PORT');
  const dir = resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    cli.path,
    [
      'server',
      'start-dev',
      '--db-filename',
      join(dir, 'temporal.db'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--ui-port',
      String(opts.uiPort),
      '--namespace',
      opts.namespace,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Found and stopped by the next start if this launcher dies without stopping it (leftover-processes.ts).
  const pidFile = pidFiles.temporal(dir);
  if (child.pid) writePidFile(pidFile, child.pid);
  let exited: number | null | undefined;
  let stderrTail = '';
  const exitPromise = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : 0);
      removePidFile(pidFile);
      r();
    }),
  );
  child.stdout.on('data', (d: Buffer) => opts.log?.(d.toString().trim()));
  child.stderr.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-2000);
    opts.log?.(d.toString().trim());
  });
  try {
    await waitForPort('127.0.0.1', opts.port, 60_000, () => exited === undefined);
    if (exited !== undefined) throw new Error(`exited with code ${exited}`);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(
      `The Temporal dev server did not start: ${(err as Error).message}. ${stderrTail.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
