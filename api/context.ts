// What every route may use, and the typed context variables middleware sets.
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Db } from '../db/client.js';
import type { Renderer } from '../activities/renderer.js';
import type { Logger } from '../config/logger.js';
import type { Env } from '../config/env.js';

export interface AppDeps {
  db: Db;
  sql: postgres.Sql;
  temporal: Client;
  renderer: Renderer;
  logger: Logger;
  env: Env;
}

export interface AppEnv {
  Variables: {
    requestId: string;
  };
}
