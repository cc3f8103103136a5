// The only reader of process.env (README, Development): parsed and validated once at boot.
import { z } from 'zod';
import { chromiumPath } from './chromium.mjs';

const port = z.coerce.number().int().min(0).max(65535);

const postgresUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a URL like postgres://user:password@host:5432/database');

// Comma-separated addresses or CIDR ranges of the reverse proxies in front of the API; only their
// X-Forwarded-For is believed (empty: the socket's peer is the client).
const proxyEntries = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
        error: 'must be comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1',
      }),
    ),
  );

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. temporal.example.org:7233');

export const envSchema = z.object({
  // The running API and worker connect with DATABASE_URL, as a role that is neither superuser nor owner
  // (README: its audit tables take INSERT and SELECT only). Migrations run with DATABASE_OWNER_URL,
  // the role owning the tables; without it DATABASE_URL must be able to migrate (and is then warned about).
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('duban'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  EMBEDDED_PG_PORT: port.default(54329),
  CHROMIUM_PATH: z.string().min(1).default(chromiumPath()),
  RENDER_POOL_SIZE: z.coerce.number().int().min(1).max(16).default(2),
  // Chromium's process model; the default follows the soak in README's renderer section.
  RENDER_PROCESS_MODEL: z.enum(['multi-process', 'single-process']).default('multi-process'),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  // Demo mode: demo data and the public demo keys below. On by default only on the embedded
  // PostgreSQL (no DATABASE_URL); `1` turns it on against any database, `0` off on the embedded one.
  DUBAN_DEMO: z.enum(['1', '0'], { error: 'must be 1 (demo data and demo keys) or 0' }).optional(),
  // Key for the keyed hash of ID-card numbers; a secret per deployment, required outside demo mode.
  ID_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUSTED_PROXIES: proxyEntries.default([]),
  // Key of the audit chain's HMAC, kept outside the database so whoever edits audit rows cannot
  // recompute a chain that verifies. A secret per deployment, required outside demo mode.
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The public keys of demo mode: printed in the repository, so never accepted outside it. */
export const DEMO_KEYS = {
  ID_HASH_KEY: 'duban-demo-id-hash-key-change-me',
  AUDIT_KEY: 'duban-DEVELOPMENT-ONLY-audit-key-change-me',
} as const;

export type Env = Omit<z.infer<typeof envSchema>, 'DUBAN_DEMO' | 'ID_HASH_KEY' | 'AUDIT_KEY'> & {
  /** Demo mode (see DUBAN_DEMO): demo data is seeded and the demo keys stand in for unset ones. */
  DUBAN_DEMO: boolean;
  ID_HASH_KEY: string;
  AUDIT_KEY: string;
};

/** Thrown when the environment is invalid; its message is the one line the operator sees. */
export class ConfigError extends Error {}

/** Parses `source` (process.env by default); the first problem becomes one line naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" — shells and .env files produce them for cleared variables.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return withKeys(parsed.data);
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0]);
  const shown = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'TEMPORAL_API_KEY', 'ID_HASH_KEY', 'AUDIT_KEY'].includes(name)
    ? ''
    : ` (got "${cleaned[name]}")`;
  throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${shown}`);
}

/** Demo mode fills in the demo keys; a real deployment must bring its own and may not reuse them. */
function withKeys(parsed: z.infer<typeof envSchema>): Env {
  const demo = parsed.DUBAN_DEMO ? parsed.DUBAN_DEMO === '1' : !parsed.DATABASE_URL;
  const keys = { ID_HASH_KEY: parsed.ID_HASH_KEY, AUDIT_KEY: parsed.AUDIT_KEY };
  for (const name of ['ID_HASH_KEY', 'AUDIT_KEY'] as const) {
    if (demo) keys[name] ??= DEMO_KEYS[name];
    else if (keys[name] === undefined)
      throw new ConfigError(
        `Invalid configuration: ${name} is required outside demo mode (DATABASE_URL is set): ` +
          'set a secret of its own to this deployment, or DUBAN_DEMO=1 for demo data and demo keys',
      );
    else if (keys[name] === DEMO_KEYS[name])
      throw new ConfigError(
        `Invalid configuration: ${name} is the public demo key, which is accepted only in demo mode: set a secret of its own to this deployment`,
      );
  }
  return { ...parsed, DUBAN_DEMO: demo, ID_HASH_KEY: keys.ID_HASH_KEY!, AUDIT_KEY: keys.AUDIT_KEY! };
}
