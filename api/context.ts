// What every route may use, and the typed context variables middleware sets.
import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type postgres from 'postgres';
import type { Db } from '../db/client.js';
import type { Renderer } from '../activities/renderer.js';
import type { Logger } from '../config/logger.js';
import type { Env } from '../config/env.js';
import type { Role } from '../domain/identity.js';
import type { SessionCache } from './auth/sessions.js';
import type { ProcessStarter } from './process-starter.js';

export interface AppDeps {
  db: Db;
  sql: postgres.Sql;
  temporal: Client;
  renderer: Renderer;
  logger: Logger;
  env: Env;
  /** Validated sessions kept in this process (the server has one; without it every request asks the database). */
  sessionCache?: SessionCache;
  /** The console's build (default console/dist); tests point it elsewhere. */
  consoleDir?: string;
  /** Starts the workflows requests commit to `process_starts`; createApp makes one when none is given. */
  processStarter?: ProcessStarter;
  /** How long a request waits for the worker to print a document (api/issue-in-worker.ts; default 2 minutes); tests shorten it. */
  documentIssueTimeout?: Duration;
}

/** The signed-in user, with the jurisdiction path of their unit for subtree checks. */
export interface CurrentUser {
  id: number;
  username: string;
  realName: string;
  unitId: number;
  unitPath: string;
  roles: Role[];
}

export interface AppEnv {
  Variables: {
    requestId: string;
    user: CurrentUser;
    /** The session's token, from the bearer header or the console's cookie. */
    sessionToken?: string;
    sourceIp: string;
  };
}
