import type { Context } from 'hono';
import type { AppEnv, CurrentUser } from './context.js';
import type { AuditActor, AuditEntry } from '../db/audit.js';

export function auditActor(user: CurrentUser): AuditActor {
  return { userId: user.id, realName: user.realName, username: user.username, unitId: user.unitId, roles: user.roles };
}

/** Who, from where, in which request: the part of an audit row the HTTP context knows. */
export function auditContext(c: Context<AppEnv>): Pick<AuditEntry, 'actor' | 'requestId' | 'sourceIp'> {
  const user = c.get('user') as CurrentUser | undefined;
  return { actor: user ? auditActor(user) : null, requestId: c.get('requestId'), sourceIp: c.get('sourceIp') };
}
