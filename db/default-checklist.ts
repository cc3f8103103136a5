// The default inspection checklist (监督检查清单), seeded at boot when missing. Each item cites
// the article of 000 (《河南省全民健康信息管理实施细则》) it checks; officials add versions or
// their own templates through the API.
import { and, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { checklistTemplates } from './schema.js';
import type { ChecklistItem } from '../domain/inspections.js';

export const DEFAULT_CHECKLIST_CODE = 'health-info-security';

export const DEFAULT_CHECKLIST: ChecklistItem[] = [
  {
    key: 'responsible-department',
    article: '000 第七条',
    text: '设立全民健康信息管理责任部门和工作岗位，明确部门、岗位职责',
    guidance: '查看机构设置文件、岗位职责说明',
    evidenceRequired: true,
  },
  {
    key: 'quality-control',
    article: '000 第十三条',
    text: '建立信息采集质量控制机制，规范采集行为，开展复核与考核',
    guidance: '查看质控制度、最近一次质控记录',
    evidenceRequired: false,
  },
  {
    key: 'backup',
    article: '000 第十四条',
    text: '具备数据存储与容灾备份条件，建立可靠的容灾备份工作机制',
    guidance: '查看备份策略、备份日志与异地备份情况',
    evidenceRequired: true,
  },
  {
    key: 'restore-drill',
    article: '000 第十五条',
    text: '定期开展备份数据恢复演练并保存记录',
    guidance: '查看本年度恢复演练方案、记录与结论',
    evidenceRequired: true,
  },
  {
    key: 'outsourcing',
    article: '000 第十七条',
    text: '服务外包的，与受托方签订协议，明确管理和安全责任',
    guidance: '查看外包合同与保密、安全条款',
    evidenceRequired: false,
  },
  {
    key: 'no-storage-abroad',
    article: '000 第十八条',
    text: '未将全民健康信息存储在境外服务器，未托管、租赁境外服务器',
    guidance: '查看服务器与云服务所在地证明、数据资产登记',
    evidenceRequired: true,
  },
  {
    key: 'handover-readiness',
    article: '000 第十九条',
    text: '数据资产登记完整，单位变更时可完整、安全移交',
    guidance: '核对本单位在督办系统中的数据资产登记',
    evidenceRequired: false,
  },
  {
    key: 'roles-permissions',
    article: '000 第二十四条',
    text: '严格划分用户类别、利用范围，设置不同的访问权限',
    guidance: '抽查系统角色权限配置与审批记录',
    evidenceRequired: false,
  },
  {
    key: 'personal-record-query',
    article: '000 第二十五条',
    text: '为服务对象提供个案信息查询和复制服务及安全渠道',
    guidance: '查看查询复制流程与登记',
    evidenceRequired: false,
  },
  {
    key: 'graded-protection',
    article: '000 第二十七条',
    text: '执行信息安全等级保护制度，完成定级备案、测评整改',
    guidance: '查看等保备案证明、最近一次测评报告',
    evidenceRequired: true,
  },
  {
    key: 'real-name-trace',
    article: '000 第二十九条',
    text: '建立痕迹管理制度，用户实名身份鉴别，操作可追溯',
    guidance: '抽查访问日志与实名认证配置',
    evidenceRequired: true,
  },
  {
    key: 'storage-media',
    article: '000 第三十条',
    text: '存储介质统一登记、编号、存档、保管，使用与销毁有记录',
    guidance: '查看介质登记台账并抽查实物编号',
    evidenceRequired: false,
  },
  {
    key: 'emergency-plan',
    article: '000 第三十一条',
    text: '建立网络与信息安全事件应急响应机制，制定应急预案',
    guidance: '查看应急预案与最近一次演练记录',
    evidenceRequired: true,
  },
];

/** Inserts version 1 of the default checklist when it is missing. */
export async function ensureDefaultChecklist(db: Db): Promise<void> {
  const [existing] = await db
    .select({ id: checklistTemplates.id })
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.code, DEFAULT_CHECKLIST_CODE), eq(checklistTemplates.version, 1)));
  if (existing) return;
  await db
    .insert(checklistTemplates)
    .values({
      code: DEFAULT_CHECKLIST_CODE,
      version: 1,
      title: '全民健康信息安全管理监督检查清单',
      items: DEFAULT_CHECKLIST,
    })
    .onConflictDoNothing();
}
