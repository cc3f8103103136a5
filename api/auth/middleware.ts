import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv, CurrentUser } from '../context.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../errors.js';
import { type SessionCache, userForToken } from './sessions.js';
import { csrfHolds, sessionCookieOf } from './browser-session.js';
import { clientAddress, proxyList } from '../client-address.js';
import { headerOf } from '../request-headers.js';

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

// The pass-through middlewares below are plain functions returning `next()`, not async ones: each
// async layer costs every request a promise and a microtask (README, Benchmarks: bench:api).

/** Records the caller's IP: the socket's peer, or what a trusted proxy says in X-Forwarded-For. */
export function sourceIp(options: SourceIpOptions): MiddlewareHandler<AppEnv> {
  const trusted = proxyList(options.trustedProxies);
  return function sourceIpMiddleware(c, next) {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      peer = undefined; // app.request() without a socket in its env
    }
    c.set('sourceIp', clientAddress(peer, headerOf(c, 'x-forwarded-for'), trusted) ?? 'unknown');
    return next();
  };
}

/** Requires a live session on every route but the public ones. */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  return function authenticateMiddleware(c, next) {
    if (options.publicPaths.includes(c.req.path)) return next();
    const header = headerOf(c, 'authorization') ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const cookie = bearer ? undefined : sessionCookieOf(c);
    const token = bearer || cookie;
    if (!token)
      throw new AppError(
        'unauthenticated',
        '请先登录：将 POST /auth/login 返回的令牌放在请求头“Authorization: Bearer <令牌>”中发送。',
      );
    const admit = (user: CurrentUser | undefined) => {
      if (!user) throw new AppError('unauthenticated', '会话已结束（已退出、已过期或账号已停用），请重新登录。');
      c.set('user', user);
      c.set('sessionToken', token);
      if (cookie && !csrfHolds(c, cookie))
        throw new AppError('csrf_failed', '请求缺少有效的防伪令牌（X-CSRF-Token），已拒绝；请刷新页面后重试。');
      return next();
    };
    const user = userForToken(options.db, token, options.sessionCache);
    return user instanceof Promise ? user.then(admit) : admit(user);
  };
}
