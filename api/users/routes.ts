// Real-name users (000 第二十九条). Admins manage users of units in their jurisdiction; the
// ID-card number is kept only as a keyed hash plus its last four characters for display.
import { createHmac } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { appendAudit } from '../../db/audit.js';
import { units, users } from '../../db/schema.js';
import { ROLE_NAMES, ROLES, USER_STATUSES, type Role, type UnitKind } from '../../domain/identity.js';
import { assertUnitVisible, hasRole, requireRole, visibleUnits } from '../policy.js';
import { auditContext } from '../request-audit.js';
import {
  bearer,
  commonErrors,
  ErrorBody,
  Id,
  IdParam,
  IdText,
  json,
  PageSchema,
  Pagination,
  RolesSchema,
} from '../schemas.js';
import { pageOf } from '../paging.js';
import { hashPassword } from '../auth/password.js';
import { passwordProblems, type PasswordContext } from '../auth/password-rule.js';
import { revokeUserSessions } from '../auth/sessions.js';

const UserSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    realName: z.string(),
    unitId: z.number(),
    roles: z.array(z.enum(ROLES)),
    status: z.enum(USER_STATUSES),
    idNumberLast4: z.string().nullable().optional().openapi({ description: 'Admin only' }),
    lockedUntil: z.string().nullable().optional().openapi({ description: 'Admin only' }),
  })
  .openapi('User');

const IdNumber = z.string().regex(/^\d{17}[\dXx]$/, '须为 18 位居民身份证号码');
// The length part of the password rule is checked with the other fields; the rest needs the
// account's names and unit (passwordProblems in the handler).
const Password = z.string().superRefine((password, ctx) => {
  const problem = passwordProblems(password, { username: '', realName: '', unitName: '' }).find(
    (p) => p.code === 'password_too_short' || p.code === 'password_too_long',
  );
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
});
const CreateUser = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9._-]{3,40}$/, '须为 3 至 40 个小写字母、数字、点、连字符或下划线'),
    realName: z.string().min(2).max(50),
    unitId: Id,
    roles: RolesSchema,
    idNumber: IdNumber.optional(),
    password: Password,
  })
  .openapi('CreateUser');
const UpdateUser = z
  .strictObject({
    realName: z.string().min(2).max(50).optional(),
    roles: RolesSchema.optional(),
    unitId: Id.optional().openapi({ description: 'Move the user to another unit of your jurisdiction' }),
    status: z.enum(USER_STATUSES).optional(),
    unlock: z.literal(true).optional(),
    password: Password.optional(),
  })
  .openapi('UpdateUser');

const errors = commonErrors;
const security = bearer;

const ListQuery = Pagination.extend({
  role: z.enum(ROLES).optional().openapi({ description: 'Only users holding this role (e.g. inspector)' }),
  unitId: IdText.optional().openapi({ description: 'Only users of this unit' }),
});
const list = createRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary:
    'Users of units in your jurisdiction (officials, inspectors, auditors, admin), so an official can find an ' +
    'inspector; ID-number and lock details for admin only',
  security,
  request: { query: ListQuery },
  responses: { 200: { description: 'A page', ...json(PageSchema(UserSchema)) }, ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'One user (admin)',
  security,
  request: { params: IdParam },
  responses: { 200: { description: 'User', ...json(UserSchema) }, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create a real-name user (admin)',
  security,
  request: { body: { required: true, ...json(CreateUser) } },
  responses: {
    201: { description: 'Created', ...json(UserSchema) },
    409: { description: 'Username taken', ...json(ErrorBody) },
    ...errors,
  },
});
const update = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Change roles or unit, disable (ends every session), unlock or reset the password (admin)',
  security,
  request: { params: IdParam, body: { required: true, ...json(UpdateUser) } },
  responses: { 200: { description: 'Updated', ...json(UserSchema) }, ...errors },
});

const columns = {
  id: users.id,
  username: users.username,
  realName: users.realName,
  unitId: users.unitId,
  roles: users.roles,
  status: users.status,
  idNumberLast4: users.idNumberLast4,
  lockedUntil: users.lockedUntil,
  unitPath: units.path,
};
type Row = { lockedUntil: Date | null; unitPath: string } & Omit<z.infer<typeof UserSchema>, 'lockedUntil'>;
const present = ({ unitPath: _unitPath, lockedUntil, ...row }: Row) => ({
  ...row,
  lockedUntil: lockedUntil?.toISOString() ?? null,
});

// Who may sit where: supervisors in a commission, a supervised unit's people outside one, the information
// centre's people in one; auditors and admins anywhere.
const SUPERVISING: readonly Role[] = ['official', 'commission_leader', 'inspector'];
const SUPERVISED: readonly Role[] = ['unit_staff', 'unit_leader'];
function misfitRoles(roles: readonly Role[], kind: UnitKind): Role[] {
  return roles.filter((r) =>
    kind === 'commission'
      ? SUPERVISED.includes(r) || r === 'info_center'
      : SUPERVISING.includes(r) || (r === 'info_center' && kind !== 'info_center'),
  );
}

/** 422 on `unitId` when a user moved to `unit` would hold roles that make no sense there; nothing written. */
function assertRolesFitUnit(roles: readonly Role[], unit: { name: string; kind: UnitKind }): void {
  const misfits = misfitRoles(roles, unit.kind);
  if (!misfits.length) return;
  const names = misfits.map((r) => ROLE_NAMES[r]).join('、');
  const message = `该用户的角色（${names}）与单位“${unit.name}”不相符；请同时调整角色，或选择与角色相符的单位。`;
  throw new AppError('validation_failed', message, { fields: [{ field: 'unitId', message }] });
}

/** 422 with the password rule's problems (field `password`, stable codes) before anything is written. */
function assertAcceptablePassword(password: string, context: PasswordContext): void {
  const problems = passwordProblems(password, context);
  if (problems.length)
    throw new AppError('validation_failed', problems.map((p) => p.message).join('；'), { fields: problems });
}

export function userRoutes({ db, env, sessionCache }: AppDeps) {
  const keyedHash = (idNumber: string) =>
    createHmac('sha256', env.ID_HASH_KEY).update(idNumber.toUpperCase()).digest('hex');
  const findUser = async (id: number) =>
    (await db.select(columns).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id)))[0];

  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const user = c.get('user');
      // Supervisors find the people of their jurisdiction (an inspector for a plan); scoped like every read.
      requireRole(user, ['official', 'inspector', 'auditor', 'admin'], '查看用户列表');
      const q = c.req.valid('query');
      const where = and(
        visibleUnits(user, users.unitId),
        q.role ? sql`${q.role} = any(${users.roles})` : undefined,
        q.unitId ? eq(users.unitId, q.unitId) : undefined,
      );
      const page = await pageOf(db, users, where, q, (limit, offset) =>
        db
          .select(columns)
          .from(users)
          .innerJoin(units, eq(units.id, users.unitId))
          .where(where)
          .orderBy(asc(users.username))
          .limit(limit)
          .offset(offset),
      );
      // Real names of a jurisdiction's people are personal information: who looked them up is recorded (000 第二十九条).
      await appendAudit(db, {
        ...auditContext(c),
        action: 'list',
        objectType: 'user',
        outcome: 'success',
        detail: { role: q.role ?? null, unitId: q.unitId ?? null, page: page.page, shown: page.items.length },
      });
      const admin = hasRole(user, 'admin');
      // No ID-number digits or lock state outside administration.
      const shown = page.items.map((r) =>
        admin ? present(r) : { ...present(r), idNumberLast4: undefined, lockedUntil: undefined },
      );
      return c.json({ ...page, items: shown }, 200);
    })
    .openapi(get, async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const row = await findUser(id);
      assertUnitVisible(user, row && { id: row.unitId, path: row.unitPath }, '用户');
      if (id !== user.id) requireRole(user, ['admin'], '查看其他用户');
      await appendAudit(db, {
        ...auditContext(c),
        action: 'read',
        objectType: 'user',
        objectId: id,
        outcome: 'success',
      });
      return c.json(present(row!), 200);
    })
    .openapi(create, async (c) => {
      const user = c.get('user');
      const body = c.req.valid('json');
      const [unit] = await db
        .select({ id: units.id, path: units.path, name: units.name })
        .from(units)
        .where(eq(units.id, body.unitId));
      assertUnitVisible(user, unit, '单位');
      requireRole(user, ['admin'], '创建用户');
      assertAcceptablePassword(body.password, {
        username: body.username,
        realName: body.realName,
        unitName: unit.name,
      });
      const passwordHash = await hashPassword(body.password);
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(users)
          .values({
            username: body.username,
            realName: body.realName,
            unitId: body.unitId,
            roles: body.roles,
            passwordHash,
            idNumberHash: body.idNumber ? keyedHash(body.idNumber) : null,
            idNumberLast4: body.idNumber?.slice(-4).toUpperCase() ?? null,
          })
          .onConflictDoNothing()
          .returning({ id: users.id });
        if (!row) throw new AppError('conflict', `用户名 ${body.username} 已被占用。`);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'create',
          objectType: 'user',
          objectId: row.id,
          outcome: 'success',
          detail: { username: body.username, unitId: body.unitId, roles: body.roles },
        });
        return row.id;
      });
      c.header('location', `/users/${id}`);
      return c.json(present((await findUser(id))!), 201);
    })
    .openapi(update, async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const row = await findUser(id);
      assertUnitVisible(user, row && { id: row.unitId, path: row.unitPath }, '用户');
      requireRole(user, ['admin'], '修改用户');
      const { unlock, password, ...body } = c.req.valid('json');
      if (body.unitId !== undefined && body.unitId !== row!.unitId) {
        const [target] = await db
          .select({ id: units.id, path: units.path, name: units.name, kind: units.kind })
          .from(units)
          .where(eq(units.id, body.unitId));
        assertUnitVisible(user, target, '单位');
        assertRolesFitUnit(body.roles ?? row!.roles, target);
      }
      if (password) {
        const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, row!.unitId));
        assertAcceptablePassword(password, {
          username: row!.username,
          realName: body.realName ?? row!.realName,
          unitName: unit!.name,
        });
      }
      const passwordHash = password ? await hashPassword(password) : undefined;
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({
            ...body,
            ...(unlock ? { failedLogins: 0, lockedUntil: null } : {}),
            ...(passwordHash ? { passwordHash } : {}),
            updatedAt: sql`now()`,
          })
          .where(eq(users.id, id));
        // A disabled user, or one whose password was reset, loses every open session at once.
        if (body.status === 'disabled' || passwordHash) await revokeUserSessions(tx, id);
        await appendAudit(tx, {
          ...auditContext(c),
          action: 'update',
          objectType: 'user',
          objectId: id,
          outcome: 'success',
          detail: { ...body, unlock, passwordReset: Boolean(passwordHash) },
        });
      });
      // What this user's sessions grant may have changed: other processes evict on the commit's notification.
      sessionCache?.evictUser(id);
      return c.json(present((await findUser(id))!), 200);
    });
}
