import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../errors.js';
import { userForToken } from './sessions.js';

export interface AuthOptions {
  db: Db;
  /** Paths reachable without a session (login, health, API docs). */
  publicPaths: string[];
}

/** Records the caller's IP; behind a proxy, the API should sit behind one that sets X-Forwarded-For. */
export function sourceIp(): MiddlewareHandler<AppEnv> {
  return async function sourceIpMiddleware(c, next) {
    let ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address;
      } catch {
        ip = undefined; // app.request() in tests has no socket
      }
    }
    c.set('sourceIp', ip ?? 'unknown');
    await next();
  };
}

/** Requires a live session on every route but the public ones. */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    if (options.publicPaths.includes(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new AppError('unauthenticated', 'Sign in first: send the token from POST /auth/login as "Authorization: Bearer <token>".');
    const user = await userForToken(options.db, token);
    if (!user) throw new AppError('unauthenticated', 'Your session has ended (signed out, expired or disabled). Sign in again.');
    c.set('user', user);
    await next();
  };
}
