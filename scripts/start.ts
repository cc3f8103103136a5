// `npm start`: the whole system on embedded defaults (or external services when configured).
// `npm run api` / `npm run worker`: the same code with one role (argument `api` or `worker`).
import { ConfigError, loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { RoleError, startStack, type Role } from './stack.js';
import { buildConsole } from './console-build.js';

const role: Role = process.argv[2] === 'api' || process.argv[2] === 'worker' ? process.argv[2] : 'all';

let env;
try {
  env = loadEnv();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

const logger = createLogger(env.LOG_LEVEL);
const startedAt = Date.now();

let stack;
try {
  // The API serves the console: build it first when its build is missing or older than its sources.
  if (role !== 'worker') buildConsole({ say: (line) => process.stderr.write(`${line}\n`) });
  stack = await startStack(env, logger, role);
} catch (err) {
  if (err instanceof RoleError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Duban could not start: ${(err as Error).message}\n`);
  logger.debug({ err }, 'start failed');
  process.exit(1);
}

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
const lines = [
  '',
  `  Duban 督办 ${role === 'all' ? '' : `(${role}) `}is up (${seconds} s)`,
  ...(stack.apiUrl
    ? [
        `  Console     ${stack.apiUrl}/   (督办工作台, sign in with a login below)`,
        `  API         ${stack.apiUrl}   (docs: ${stack.apiUrl}/docs, health: ${stack.apiUrl}/healthz)`,
      ]
    : [`  Worker      task queue ${env.TEMPORAL_TASK_QUEUE} on ${stack.temporalAddress}`]),
  `  Temporal UI ${stack.temporalUiUrl ?? `(external Temporal at ${stack.temporalAddress})`}`,
  '',
  ...(stack.demo
    ? [
        `  Demo logins${stack.demo.firstStart ? ' (created now)' : ''}, password for all: ${stack.demo.password}`,
        ...stack.demo.logins.map(
          (l) => `    ${l.username.padEnd(18)} ${l.roles.join(',').padEnd(20)} ${l.realName}  ${l.unit}`,
        ),
        '',
      ]
    : []),
  ...(!stack.hasUsers
    ? ['  No user yet: create the first administrator with `npm run admin:create` (README "Configuration").', '']
    : []),
  role === 'all'
    ? '  Ctrl-C stops everything; data stays in DATA_DIR for the next start.'
    : '  Ctrl-C or SIGTERM stops this process.',
  '',
];
process.stderr.write(lines.join('\n') + '\n');

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  const timer = setTimeout(() => {
    logger.error('shutdown took longer than 30 s; exiting');
    process.exit(1);
  }, 30_000);
  await stack.stop();
  clearTimeout(timer);
  logger.info('stopped');
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
