// Deadline policies are data (README, Development): a unit and an amount, turned into an absolute time by an activity.
export const DEADLINE_UNITS = ['calendar_days', 'working_days', 'hours', 'seconds'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export interface DeadlinePolicy {
  unit: DeadlineUnit;
  amount: number;
}

/** How a policy's unit reads: 4 小时, 5 个工作日. */
export const DEADLINE_UNIT_NAMES: Record<DeadlineUnit, string> = {
  calendar_days: '天',
  working_days: '个工作日',
  hours: '小时',
  seconds: '秒',
};
