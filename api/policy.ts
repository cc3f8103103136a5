// Authorisation in one place: role + jurisdiction, checked at object level on every read and
// write (属地管理, README "Using the API"; 004 8.2.1 用户隔离). Objects outside a user's scope are reported as
// "not found", so their existence does not leak.
import { sql, type SQL, type Column } from 'drizzle-orm';
import type { CurrentUser } from './context.js';
import { AppError } from './errors.js';
import { ROLE_NAMES, type Role } from '../domain/identity.js';
import { units } from '../db/schema.js';

/** Roles that act over their unit's whole subtree; everyone else sees only their own unit. */
const SUPERVISORY: readonly Role[] = ['official', 'inspector', 'auditor', 'admin'];

export function isSupervisory(user: CurrentUser): boolean {
  return user.roles.some((r) => SUPERVISORY.includes(r));
}

export function hasRole(user: CurrentUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

/** 403 unless the user holds one of `roles`; `doing` is the action in Chinese ("创建用户"). */
export function requireRole(user: CurrentUser, roles: Role[], doing: string): void {
  if (!hasRole(user, ...roles))
    throw new AppError('forbidden', `仅${roles.map((r) => `${ROLE_NAMES[r]}（${r}）`).join('或')}可以${doing}。`);
}

/** Whether `user` may see records of the unit at `unitPath`. */
export function canSeeUnit(user: CurrentUser, unit: { id: number; path: string }): boolean {
  if (isSupervisory(user)) return unit.path.startsWith(user.unitPath);
  return unit.id === user.unitId;
}

/** 404 (in the user's terms) unless `unit` is within the user's scope; `what` names the object in Chinese. */
export function assertUnitVisible(
  user: CurrentUser,
  unit: { id: number; path: string } | undefined,
  what: string,
): asserts unit {
  if (!unit || !canSeeUnit(user, unit)) throw new AppError('not_found', `未找到该${what}。`);
}

/** SQL condition: `unitIdColumn` is within the user's scope (subtree prefix scan or own unit). */
export function visibleUnits(user: CurrentUser, unitIdColumn: Column | SQL): SQL {
  if (!isSupervisory(user)) return sql`${unitIdColumn} = ${user.unitId}`;
  return sql`${unitIdColumn} in (select ${units.id} from ${units} where ${units.path} like ${`${user.unitPath}%`})`;
}
