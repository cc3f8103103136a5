import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../errors.js';
import { type SessionCache, userForToken } from './sessions.js';
import { clientAddress, proxyList } from '../client-address.js';

export interface AuthOptions {
  db: Db;
  /** Paths reachable without a session (login, health, API docs). */
  publicPaths: string[];
  sessionCache?: SessionCache;
}

export interface SourceIpOptions {
  /** TRUSTED_PROXIES: only these direct peers may name the client in X-Forwarded-For. */
  trustedProxies: readonly string[];
}

/** Records the caller's IP: the socket's peer, or what a trusted proxy says in X-Forwarded-For. */
export function sourceIp(options: SourceIpOptions): MiddlewareHandler<AppEnv> {
  const trusted = proxyList(options.trustedProxies);
  return async function sourceIpMiddleware(c, next) {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      peer = undefined; // app.request() without a socket in its env
    }
    c.set('sourceIp', clientAddress(peer, c.req.header('x-forwarded-for'), trusted) ?? 'unknown');
    await next();
  };
}

/** Requires a live session on every route but the public ones. */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    if (options.publicPaths.includes(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token)
      throw new AppError(
        'unauthenticated',
        '请先登录：将 POST /auth/login 返回的令牌放在请求头“Authorization: Bearer <令牌>”中发送。',
      );
    const user = await userForToken(options.db, token, options.sessionCache);
    if (!user) throw new AppError('unauthenticated', '会话已结束（已退出、已过期或账号已停用），请重新登录。');
    c.set('user', user);
    await next();
  };
}
