// `npm start`: the whole system on embedded defaults (or external services when configured).
import { ConfigError, loadEnv } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { startStack } from './stack.js';

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
  stack = await startStack(env, logger);
} catch (err) {
  process.stderr.write(`Duban could not start: ${(err as Error).message}\n`);
  logger.debug({ err }, 'start failed');
  process.exit(1);
}

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
const lines = [
  '',
  `  Duban 督办 is up (${seconds} s)`,
  `  API         ${stack.apiUrl}   (docs: ${stack.apiUrl}/docs, health: ${stack.apiUrl}/healthz)`,
  `  Temporal UI ${stack.temporalUiUrl ?? `(external Temporal at ${stack.temporalAddress})`}`,
  '',
  `  Demo logins${stack.demo.firstStart ? ' (created now)' : ''}, password for all: ${stack.demo.password}`,
  ...stack.demo.logins.map(
    (l) => `    ${l.username.padEnd(18)} ${l.roles.join(',').padEnd(20)} ${l.realName}  ${l.unit}`,
  ),
  '',
  '  Ctrl-C stops everything; data stays in DATA_DIR for the next start.',
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
