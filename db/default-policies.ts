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
    key: 'continuity.restore_drill',
    unit: 'calendar_days',
    amount: 365,
    description: '恢复演练周期：此期间内没有恢复演练记录的单位列入未演练名单',
    basis: '000 第十五条、001 第九条（定期备份和恢复检测）；条文未规定周期，委内默认每年至少一次',
  },
  { key: 'reminder.lead', unit: 'working_days', amount: 1, description: '到期前提醒提前量', basis: '委内默认' },
];

/** Inserts the default policies that are missing; never overwrites an administrator's edit. */
export async function ensureDefaultPolicies(db: Db): Promise<void> {
  await db.insert(deadlinePolicies).values(DEFAULT_POLICIES).onConflictDoNothing();
}
