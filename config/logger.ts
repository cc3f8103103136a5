import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (pino); `level` comes from LOG_LEVEL. */
export function createLogger(level: string, name = 'duban'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
