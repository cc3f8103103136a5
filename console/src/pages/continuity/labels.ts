// Chinese names for the continuity codes (000 第十四条、第十五条、第三十一条), keyed by the generated types.
import type { components } from '../../api/schema.js';

type S = components['schemas'];
export type DrillResult = S['EmergencyDrill']['result'];
export type RestoreResult = S['RestoreDrill']['result'];
export type Frequency = S['Backup']['frequency'];

export const EMERGENCY_RESULT_NAMES: Record<DrillResult, string> = {
  succeeded: '演练成功，预案有效',
  partial: '部分达到预期',
  failed: '未达到预期',
};
export const RESTORE_RESULT_NAMES: Record<RestoreResult, string> = {
  succeeded: '恢复成功',
  partial: '部分恢复',
  failed: '恢复失败',
};
export const RESULT_COLORS: Record<DrillResult, string> = { succeeded: 'green', partial: 'orange', failed: 'red' };
export const FREQUENCY_NAMES: Record<Frequency, string> = {
  realtime: '实时',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  yearly: '每年',
};

export const DAY = 'YYYY-MM-DD';
