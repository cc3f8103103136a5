// How long a worker takes from process start to polling, with and without the prebuilt workflow
// bundle: `npm run build` first (it writes dist/). Each run is a fresh `node` process, as a start is.
// Usage: npm run bench:worker-start [-- runs]   (default 3 runs of each)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalCli } from '../scripts/toolchain.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/workflow-bundle.js`)) throw new Error('dist/ is missing: run `npm run build` first.');
const cli = findTemporalCli();
if (!cli.path) throw new Error('Temporal CLI not found: run `node scripts/bootstrap.mjs` first.');
const temporal = await TestWorkflowEnvironment.createLocal({
  server: {
    executable: { type: 'existing-path', path: cli.path },
    ip: '127.0.0.1',
    log: { format: 'pretty', level: 'error' },
  },
});

// The child: imports the worker module (compiled or from source), creates the worker, runs it until it
// polls, prints milliseconds since its own process started, and exits.
const child = (workerModule: string, envModule: string) => `
  const { createWorker, installTemporalRuntime } = await import(${JSON.stringify(workerModule)});
  const { loadEnv } = await import(${JSON.stringify(envModule)});
  const { NativeConnection } = await import('@temporalio/worker');
  const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent' });
  installTemporalRuntime(env);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await createWorker(env, connection, { db: {}, renderer: {}, clock: () => new Date() }, { bundle: process.env.BUNDLE });
  const running = worker.run();
  setTimeout(() => worker.shutdown(), 100);
  await running;
  process.stdout.write(String(Math.round(performance.now())));
  await connection.close();
`;

// A file, not `-e`: the SDK's workflow threads inherit the process's flags, and `--input-type` breaks them.
const scratch = mkdtempSync(join(root, '.data-bench-')); // inside the clone: the child resolves node_modules from it
let scripts = 0;
const script = (code: string) => {
  const file = join(scratch, `child-${scripts++}.mjs`);
  writeFileSync(file, code);
  return file;
};

const variants = [
  {
    name: 'tsx, bundled at start (npm start today)',
    args: ['--import', 'tsx'],
    src: 'scripts/worker.ts',
    envSrc: 'config/env.ts',
    bundle: 'source',
  },
  {
    name: 'compiled, bundled at start',
    args: [],
    src: 'dist/scripts/worker.js',
    envSrc: 'dist/config/env.js',
    bundle: 'source',
  },
  {
    name: 'compiled, prebuilt bundle (npm run build)',
    args: [],
    src: 'dist/scripts/worker.js',
    envSrc: 'dist/config/env.js',
    bundle: 'prebuilt',
  },
];

try {
  for (const v of variants) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, [...v.args, script(child(`${root}${v.src}`, `${root}${v.envSrc}`))], {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          DUBAN_DEMO: '1',
          BUNDLE: v.bundle,
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_TASK_QUEUE: `bench-worker-start-${i}`,
        },
      });
      if (r.status !== 0) throw new Error(`${v.name}: child failed\n${r.stderr}`);
      times.push(Number(r.stdout.trim().split('\n').pop()));
    }
    times.sort((a, b) => a - b);
    console.log(
      `[bench:worker-start] ${v.name.padEnd(42)} median ${times[Math.floor(times.length / 2)]} ms  (runs: ${times.join(', ')} ms)`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await temporal.teardown();
}
