// The only reader of process.env (CONVENTIONS.md): parsed and validated once at boot.
import { z } from 'zod';
import { chromiumPath } from '../scripts/toolchain.mjs';

const port = z.coerce.number().int().min(0).max(65535);

const postgresUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a URL like postgres://user:password@host:5432/database');

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. temporal.example.org:7233');

export const envSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('duban'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  EMBEDDED_PG_PORT: port.default(54329),
  CHROMIUM_PATH: z.string().min(1).default(chromiumPath()),
  RENDER_POOL_SIZE: z.coerce.number().int().min(1).max(16).default(2),
  // Chromium's process model; the default follows the soak in README's renderer section.
  RENDER_PROCESS_MODEL: z.enum(['multi-process', 'single-process']).default('multi-process'),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  // Key for the keyed hash of ID-card numbers; set a secret per deployment (the default suits demos only).
  ID_HASH_KEY: z.string().min(16, 'must be at least 16 characters').default('duban-demo-id-hash-key-change-me'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** Thrown when the environment is invalid; its message is the one line the operator sees. */
export class ConfigError extends Error {}

/** Parses `source` (process.env by default); the first problem becomes one line naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" — shells and .env files produce them for cleared variables.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0]);
  const shown = name === 'DATABASE_URL' || name === 'TEMPORAL_API_KEY' || name === 'ID_HASH_KEY' ? '' : ` (got "${cleaned[name]}")`;
  throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${shown}`);
}
