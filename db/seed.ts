// Demo data for a first `npm start`: a province commission, two cities, four counties, a dozen
// institutions and a user for every role. Idempotent: keyed on org codes and usernames.
import { eq, inArray, or } from 'drizzle-orm';
import type { Db } from './client.js';
import { dataHoldings, units, users, type NewDataHolding, type NewUnit } from './schema.js';
import type { Role, UnitKind } from '../domain/identity.js';
import { hashPassword } from './passwords.js';

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
  orgCode: '11410000MB0000001A',
  name: '河南省卫生健康委员会',
  kind: 'commission',
  docPrefix: '豫卫',
  children: [
    { orgCode: '12410000MB0000101B', name: '河南省全民健康信息中心', kind: 'info_center' },
    { orgCode: '12410000MB0000102C', name: '河南省人民医院', kind: 'hospital' },
    {
      orgCode: '11410100MB0000001D',
      name: '郑州市卫生健康委员会',
      kind: 'commission',
      docPrefix: '郑卫',
      children: [
        { orgCode: '12410100MB0000101E', name: '郑州市疾病预防控制中心', kind: 'cdc' },
        { orgCode: '12410100MB0000102F', name: '郑州市中心医院', kind: 'hospital' },
        {
          orgCode: '11410102MB0000001G',
          name: '郑州市中原区卫生健康委员会',
          kind: 'commission',
          docPrefix: '中卫',
          children: [{ orgCode: '12410102MB0000101H', name: '中原区人民医院', kind: 'hospital' }],
        },
        {
          orgCode: '11410105MB0000001J',
          name: '郑州市金水区卫生健康委员会',
          kind: 'commission',
          docPrefix: '金卫',
          children: [
            { orgCode: '12410105MB0000101K', name: '金水区总医院', kind: 'hospital' },
            { orgCode: '12410105MB0000102L', name: '金水区疾病预防控制中心', kind: 'cdc' },
          ],
        },
      ],
    },
    {
      orgCode: '11410300MB0000001M',
      name: '洛阳市卫生健康委员会',
      kind: 'commission',
      docPrefix: '洛卫',
      children: [
        { orgCode: '12410300MB0000101N', name: '洛阳市中心医院', kind: 'hospital' },
        { orgCode: '12410300MB0000102P', name: '洛阳市全民健康信息中心', kind: 'info_center' },
        {
          orgCode: '11410303MB0000001Q',
          name: '洛阳市西工区卫生健康委员会',
          kind: 'commission',
          docPrefix: '西卫',
          children: [{ orgCode: '12410303MB0000101R', name: '西工区人民医院', kind: 'hospital' }],
        },
        {
          orgCode: '11410311MB0000001T',
          name: '洛阳市洛龙区卫生健康委员会',
          kind: 'commission',
          docPrefix: '洛龙卫',
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
  {
    username: 'admin',
    realName: '王建国',
    orgCode: '11410000MB0000001A',
    unit: '河南省卫生健康委员会',
    roles: ['admin'],
  },
  {
    username: 'prov.official',
    realName: '李卫民',
    orgCode: '11410000MB0000001A',
    unit: '河南省卫生健康委员会',
    roles: ['official'],
  },
  {
    username: 'prov.leader',
    realName: '钱正德',
    orgCode: '11410000MB0000001A',
    unit: '河南省卫生健康委员会',
    roles: ['commission_leader'],
  },
  {
    username: 'prov.inspector',
    realName: '赵明',
    orgCode: '11410000MB0000001A',
    unit: '河南省卫生健康委员会',
    roles: ['inspector'],
  },
  {
    username: 'prov.auditor',
    realName: '孙审',
    orgCode: '11410000MB0000001A',
    unit: '河南省卫生健康委员会',
    roles: ['auditor'],
  },
  {
    username: 'zz.official',
    realName: '周正',
    orgCode: '11410100MB0000001D',
    unit: '郑州市卫生健康委员会',
    roles: ['official', 'inspector'],
  },
  {
    username: 'jinshui.official',
    realName: '吴清',
    orgCode: '11410105MB0000001J',
    unit: '郑州市金水区卫生健康委员会',
    roles: ['official'],
  },
  {
    username: 'jinshui.leader',
    realName: '许明远',
    orgCode: '11410105MB0000001J',
    unit: '郑州市金水区卫生健康委员会',
    roles: ['commission_leader'],
  },
  {
    username: 'jshosp.staff',
    realName: '郑小兰',
    orgCode: '12410105MB0000101K',
    unit: '金水区总医院',
    roles: ['unit_staff'],
  },
  {
    username: 'jshosp.leader',
    realName: '冯志强',
    orgCode: '12410105MB0000101K',
    unit: '金水区总医院',
    roles: ['unit_leader'],
  },
  {
    username: 'jscdc.staff',
    realName: '陈静',
    orgCode: '12410105MB0000102L',
    unit: '金水区疾病预防控制中心',
    roles: ['unit_staff'],
  },
  {
    username: 'jscdc.leader',
    realName: '褚国栋',
    orgCode: '12410105MB0000102L',
    unit: '金水区疾病预防控制中心',
    roles: ['unit_leader'],
  },
  {
    username: 'infocenter.staff',
    realName: '卫数',
    orgCode: '12410000MB0000101B',
    unit: '河南省全民健康信息中心',
    roles: ['info_center'],
  },
  {
    username: 'ly.official',
    realName: '蒋洛',
    orgCode: '11410300MB0000001M',
    unit: '洛阳市卫生健康委员会',
    roles: ['official', 'inspector'],
  },
  {
    username: 'lyhosp.staff',
    realName: '沈洁',
    orgCode: '12410300MB0000101N',
    unit: '洛阳市中心医院',
    roles: ['unit_staff'],
  },
  {
    username: 'lyhosp.leader',
    realName: '韩磊',
    orgCode: '12410300MB0000101N',
    unit: '洛阳市中心医院',
    roles: ['unit_leader'],
  },
];

async function insertTree(db: Db, node: UnitSeed, parent: { id: number; path: string } | null): Promise<number> {
  let created = 0;
  const existing = await db.select().from(units).where(eq(units.orgCode, node.orgCode));
  let row = existing[0];
  if (!row) {
    const values: NewUnit = {
      orgCode: node.orgCode,
      name: node.name,
      kind: node.kind,
      docPrefix: node.docPrefix,
      parentId: parent?.id,
      path: '',
    };
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

// A register for one institution, so a first handover has something to pre-fill (000 第十四条, 第三十条).
const DEMO_HOLDINGS: { orgCode: string; rows: Omit<NewDataHolding, 'unitId'>[] } = {
  orgCode: '12410105MB0000102L', // 金水区疾病预防控制中心
  rows: [
    {
      kind: 'dataset',
      description: '传染病报告个案数据库',
      recordCount: 482_310,
      volume: '38 GB',
      format: 'PostgreSQL 导出 (SQL)',
      sha256: '3f1d2c5b7a9e8d6c4b2a0f1e3d5c7b9a8f6e4d2c0b1a3f5e7d9c8b6a4f2e0d1c',
      country: 'CN',
      region: '河南省郑州市金水区 疾控中心机房',
      encryption: 'SM4',
    },
    {
      kind: 'information_system',
      description: '预防接种信息管理系统（含源代码与部署文档）',
      recordCount: 0,
      volume: '4 GB',
      format: '源代码仓库 + 虚拟机镜像',
      sha256: '9a8b7c6d5e4f30211203948576abcdef0123456789abcdef0123456789abcdef',
      country: 'CN',
      region: '河南省政务云 郑州节点',
      encryption: 'TLS 传输，静态 SM4',
      // 000 第二十七条: a system is registered with its graded-protection level and filing number.
      protectionLevel: 3,
      filingNumber: '41010399001-26001',
    },
    {
      kind: 'storage_medium',
      description: '年度备份移动硬盘',
      recordCount: 0,
      volume: '4 TB',
      format: '移动硬盘',
      sha256: 'b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3',
      country: 'CN',
      region: '疾控中心档案室保密柜',
      encryption: 'SM4 全盘加密',
      serialNumber: 'JSCDC-HD-2026-01',
    },
  ],
};

async function seedHoldings(db: Db): Promise<number> {
  const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.orgCode, DEMO_HOLDINGS.orgCode));
  // Seeded once: after a demo handover has moved them, they are not put back.
  const [any] = await db
    .select({ id: dataHoldings.id })
    .from(dataHoldings)
    .where(or(eq(dataHoldings.unitId, unit!.id), eq(dataHoldings.transferredFromUnitId, unit!.id)))
    .limit(1);
  if (any) return 0;
  const inserted = await db
    .insert(dataHoldings)
    .values(DEMO_HOLDINGS.rows.map((r) => ({ ...r, unitId: unit!.id })))
    .returning({ id: dataHoldings.id });
  return inserted.length;
}

/** Seeds the demo jurisdiction and users; returns how many rows were new (0 on later starts). */
export async function seedDemoData(db: Db): Promise<{ created: number; logins: DemoLogin[]; password: string }> {
  let created = await insertTree(db, TREE, null);
  const present = await db
    .select({ username: users.username })
    .from(users)
    .where(
      inArray(
        users.username,
        DEMO_USERS.map((u) => u.username),
      ),
    );
  const missing = DEMO_USERS.filter((u) => !present.some((p) => p.username === u.username));
  if (missing.length > 0) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const unitRows = await db
      .select({ id: units.id, orgCode: units.orgCode })
      .from(units)
      .where(
        inArray(
          units.orgCode,
          missing.map((u) => u.orgCode),
        ),
      );
    const inserted = await db
      .insert(users)
      .values(
        missing.map((u) => ({
          username: u.username,
          realName: u.realName,
          roles: u.roles,
          passwordHash,
          unitId: unitRows.find((r) => r.orgCode === u.orgCode)!.id,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: users.id });
    created += inserted.length;
  }
  created += await seedHoldings(db);
  return { created, logins: DEMO_USERS.map(({ orgCode: _orgCode, ...login }) => login), password: DEMO_PASSWORD };
}
