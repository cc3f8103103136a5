// Default deadline policies, inserted at boot when missing; administrators edit them through the
// API afterwards. Where no article sets a number, the basis says so.
import type { Db } from './client.js';
import { deadlinePolicies } from './schema.js';
import type { DeadlinePolicy } from '../domain/deadlines.js';

export const DEFAULT_POLICIES: Array<{ key: string; description: string; basis: string } & DeadlinePolicy> = [
  {
    key: 'task.default',
    unit: 'working_days',
    amount: 5,
    description: '未另行规定的办理期限',
    basis: '无条文规定具体时限，委内默认',
  },
  {
    key: 'notice.receipt',
    unit: 'working_days',
    amount: 3,
    description: '公文签收期限',
    basis: '000 第三十五条（通报）；条文未规定时限',
  },
  {
    key: 'handover.complete',
    unit: 'calendar_days',
    amount: 30,
    description: '移交办结期限',
    basis: '000 第十九条（移交）；条文未规定时限',
  },
  {
    key: 'inspection.self_check',
    unit: 'working_days',
    amount: 10,
    description: '自查填报期限',
    basis: '000 第三十三条；条文未规定时限',
  },
  {
    key: 'rectification',
    unit: 'working_days',
    amount: 20,
    description: '整改期限',
    basis: '000 第三十五条（督导整改）；条文未规定时限',
  },
  {
    key: 'accountability.statement',
    unit: 'working_days',
    amount: 5,
    description: '责任追究：被追究单位陈述申辩期限，期满未陈述申辩的视为放弃',
    basis: '000 第三十五条（责任追究）；条文未规定时限，委内默认',
  },
  {
    key: 'continuity.restore_drill',
    unit: 'calendar_days',
    amount: 365,
    description: '恢复演练周期：此期间内没有恢复演练记录的单位列入未演练名单',
    basis: '000 第十五条、001 第九条（定期备份和恢复检测）；条文未规定周期，委内默认每年至少一次',
  },
  {
    key: 'incident.report.cii',
    unit: 'hours',
    amount: 1,
    description: '较大及以上网络安全事件涉及关键信息基础设施的，自发现起报告时限',
    basis:
      'NSIR（国家网络安全事件报告管理办法）：涉及关键信息基础设施的较大及以上事件最迟 1 小时内报告；000 第三十一条（及时报告）',
  },
  {
    key: 'incident.report',
    unit: 'hours',
    amount: 4,
    description: '较大及以上网络安全事件自发现起报告时限',
    basis: 'NSIR（国家网络安全事件报告管理办法）：较大及以上事件最迟 4 小时内报告；000 第三十一条（及时报告）',
  },
  {
    key: 'incident.report.general',
    unit: 'hours',
    amount: 24,
    description: '一般网络安全事件自发现起报告时限',
    basis: '000 第三十一条（及时报告）；NSIR 未规定一般事件的小时时限，委内默认',
  },
  {
    key: 'incident.acknowledge',
    unit: 'hours',
    amount: 1,
    description: '上级主管部门签收事件报告的时限；逾期提醒，再上报上一级督办',
    basis: '000 第三十一条（及时向上级主管部门报告）；条文未规定签收时限，委内默认',
  },
  {
    key: 'incident.forward',
    unit: 'hours',
    amount: 1,
    description: '重大、特别重大事件由接报部门向其上级转报的时限（自接报起）',
    basis: 'NSIR（国家网络安全事件报告管理办法）：重大、特别重大事件 30 分钟至 1 小时内逐级上报',
  },
  {
    key: 'incident.final_report',
    unit: 'working_days',
    amount: 5,
    description: '事件处置完毕后报送终报（总结报告）的期限',
    basis: '000 第三十一条；NSIR 要求处置结束后报送总结，具体时限委内默认',
  },
  {
    key: 'incident.alert.reply',
    unit: 'working_days',
    amount: 3,
    description: '预警通报签收并回复自查结果的期限',
    basis: '000 第三十一条（应急响应机制）；条文未规定时限，委内默认',
  },
  {
    key: 'circular.receipt',
    unit: 'working_days',
    amount: 2,
    description: '通报签收期限（自印发起）',
    basis: '000 第三十五条（通报）；条文未规定时限，委内默认',
  },
  {
    key: 'circular.reply',
    unit: 'working_days',
    amount: 5,
    description: '通报要求书面回复的期限（自印发起）',
    basis: '000 第三十五条（通报）；条文未规定时限，委内默认',
  },
  { key: 'reminder.lead', unit: 'working_days', amount: 1, description: '到期前提醒提前量', basis: '委内默认' },
];

/** Inserts the default policies that are missing; never overwrites an administrator's edit. */
export async function ensureDefaultPolicies(db: Db): Promise<void> {
  await db.insert(deadlinePolicies).values(DEFAULT_POLICIES).onConflictDoNothing();
}
