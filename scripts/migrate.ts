// `npm run migrate`: the migrations (and default policies, checklist, demo data in demo mode) as one
// step before API replicas and workers start; they would otherwise run it, one at a time under the
// migration lock, at their own start.
import { ConfigError, loadEnv } from '../config/env.js';
import { prepareDatabase } from '../db/prepare.js';

try {
  const env = loadEnv();
  if (!env.DATABASE_URL)
    throw new ConfigError('npm run migrate needs DATABASE_URL (npm start migrates the embedded database itself)');
  await prepareDatabase(env, env.DATABASE_OWNER_URL ?? env.DATABASE_URL, env.DATABASE_URL);
  process.stderr.write('database migrated\n');
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? '' : 'migration failed: '}${(err as Error).message}\n`);
  process.exitCode = err instanceof ConfigError ? 2 : 1;
}
