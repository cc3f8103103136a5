// Demo data for a first `npm start`: a province commission, two cities, four counties, a dozen
// institutions and a user for every role. Idempotent: keyed on org codes and usernames.
import { eq, inArray } from 'drizzle-orm';
import type { Db } from './client.js';
import { units, users, type NewUnit } from './schema.js';
import type { Role, UnitKind } from '../domain/identity.js';
import { hashPassword } from '../api/auth/password.js';

export const DEMO_PASSWORD = 'Duban-demo-2026';

interface UnitSeed {
  orgCode: string;
  name: string;
  kind: UnitKind;
  docPrefix?: string;
  children?: UnitSeed[];
}

// Organisation codes are 18-character 统一社会信用代码-shaped demo values (000 第十二条).
const TREE: UnitSeed = {
  orgCode: '11410000MB0000001A', name: '河南省卫生健康委员会', kind: 'commission', docPrefix: '豫卫',
  children: [
    { orgCode: '12410000MB0000101B', name: '河南省全民健康信息中心', kind: 'info_center' },
    { orgCode: '12410000MB0000102C', name: '河南省人民医院', kind: 'hospital' },
    {
      orgCode: '11410100MB0000001D', name: '郑州市卫生健康委员会', kind: 'commission', docPrefix: '郑卫',
      children: [
        { orgCode: '12410100MB0000101E', name: '郑州市疾病预防控制中心', kind: 'cdc' },
        { orgCode: '12410100MB0000102F', name: '郑州市中心医院', kind: 'hospital' },
        {
          orgCode: '11410102MB0000001G', name: '郑州市中原区卫生健康委员会', kind: 'commission', docPrefix: '中卫',
          children: [{ orgCode: '12410102MB0000101H', name: '中原区人民医院', kind: 'hospital' }],
        },
        {
          orgCode: '11410105MB0000001J', name: '郑州市金水区卫生健康委员会', kind: 'commission', docPrefix: '金卫',
          children: [
            { orgCode: '12410105MB0000101K', name: '金水区总医院', kind: 'hospital' },
            { orgCode: '12410105MB0000102L', name: '金水区疾病预防控制中心', kind: 'cdc' },
          ],
        },
      ],
    },
    {
      orgCode: '11410300MB0000001M', name: '洛阳市卫生健康委员会', kind: 'commission', docPrefix: '洛卫',
      children: [
        { orgCode: '12410300MB0000101N', name: '洛阳市中心医院', kind: 'hospital' },
        { orgCode: '12410300MB0000102P', name: '洛阳市全民健康信息中心', kind: 'info_center' },
        {
          orgCode: '11410303MB0000001Q', name: '洛阳市西工区卫生健康委员会', kind: 'commission', docPrefix: '西卫',
          children: [{ orgCode: '12410303MB0000101R', name: '西工区人民医院', kind: 'hospital' }],
        },
        {
          orgCode: '11410311MB0000001T', name: '洛阳市洛龙区卫生健康委员会', kind: 'commission', docPrefix: '洛龙卫',
          children: [
            { orgCode: '12410311MB0000101U', name: '洛龙区人民医院', kind: 'hospital' },
            { orgCode: '12410311MB0000102W', name: '洛龙区疾病预防控制中心', kind: 'cdc' },
          ],
        },
      ],
    },
  ],
};

export interface DemoLogin {
  username: string;
  realName: string;
  unit: string;
  roles: Role[];
}

const DEMO_USERS: Array<DemoLogin & { orgCode: string }> = [
  { username: 'admin', realName: '王建国', orgCode: '11410000MB0000001A', unit: '河南省卫生健康委员会', roles: ['admin'] },
  { username: 'prov.official', realName: '李卫民', orgCode: '11410000MB0000001A', unit: '河南省卫生健康委员会', roles: ['official'] },
  { username: 'prov.inspector', realName: '赵明', orgCode: '11410000MB0000001A', unit: '河南省卫生健康委员会', roles: ['inspector'] },
  { username: 'prov.auditor', realName: '孙审', orgCode: '11410000MB0000001A', unit: '河南省卫生健康委员会', roles: ['auditor'] },
  { username: 'zz.official', realName: '周正', orgCode: '11410100MB0000001D', unit: '郑州市卫生健康委员会', roles: ['official', 'inspector'] },
  { username: 'jinshui.official', realName: '吴清', orgCode: '11410105MB0000001J', unit: '郑州市金水区卫生健康委员会', roles: ['official'] },
  { username: 'jshosp.staff', realName: '郑小兰', orgCode: '12410105MB0000101K', unit: '金水区总医院', roles: ['unit_staff'] },
  { username: 'jshosp.leader', realName: '冯志强', orgCode: '12410105MB0000101K', unit: '金水区总医院', roles: ['unit_leader'] },
  { username: 'jscdc.staff', realName: '陈静', orgCode: '12410105MB0000102L', unit: '金水区疾病预防控制中心', roles: ['unit_staff'] },
  { username: 'jscdc.leader', realName: '褚国栋', orgCode: '12410105MB0000102L', unit: '金水区疾病预防控制中心', roles: ['unit_leader'] },
  { username: 'infocenter.staff', realName: '卫数', orgCode: '12410000MB0000101B', unit: '河南省全民健康信息中心', roles: ['info_center'] },
  { username: 'ly.official', realName: '蒋洛', orgCode: '11410300MB0000001M', unit: '洛阳市卫生健康委员会', roles: ['official', 'inspector'] },
  { username: 'lyhosp.staff', realName: '沈洁', orgCode: '12410300MB0000101N', unit: '洛阳市中心医院', roles: ['unit_staff'] },
  { username: 'lyhosp.leader', realName: '韩磊', orgCode: '12410300MB0000101N', unit: '洛阳市中心医院', roles: ['unit_leader'] },
];

async function insertTree(db: Db, node: UnitSeed, parent: { id: number; path: string } | null): Promise<number> {
  let created = 0;
  const existing = await db.select().from(units).where(eq(units.orgCode, node.orgCode));
  let row = existing[0];
  if (!row) {
    const values: NewUnit = { orgCode: node.orgCode, name: node.name, kind: node.kind, docPrefix: node.docPrefix, parentId: parent?.id, path: '' };
    row = await db.transaction(async (tx) => {
      const [inserted] = await tx.insert(units).values(values).returning();
      const path = `${parent?.path ?? '/'}${inserted!.id}/`;
      const [withPath] = await tx.update(units).set({ path }).where(eq(units.id, inserted!.id)).returning();
      return withPath!;
    });
    created++;
  }
  for (const child of node.children ?? []) created += await insertTree(db, child, { id: row.id, path: row.path });
  return created;
}

/** Seeds the demo jurisdiction and users; returns how many rows were new (0 on later starts). */
export async function seedDemoData(db: Db): Promise<{ created: number; logins: DemoLogin[]; password: string }> {
  let created = await insertTree(db, TREE, null);
  const present = await db.select({ username: users.username }).from(users).where(inArray(users.username, DEMO_USERS.map((u) => u.username)));
  const missing = DEMO_USERS.filter((u) => !present.some((p) => p.username === u.username));
  if (missing.length > 0) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const unitRows = await db.select({ id: units.id, orgCode: units.orgCode }).from(units).where(inArray(units.orgCode, missing.map((u) => u.orgCode)));
    const inserted = await db
      .insert(users)
      .values(missing.map((u) => ({ username: u.username, realName: u.realName, roles: u.roles, passwordHash, unitId: unitRows.find((r) => r.orgCode === u.orgCode)!.id })))
      .onConflictDoNothing()
      .returning({ id: users.id });
    created += inserted.length;
  }
  return { created, logins: DEMO_USERS.map(({ orgCode: _orgCode, ...login }) => login), password: DEMO_PASSWORD };
}
