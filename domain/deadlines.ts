// Deadline policies are data (README, Development): a unit and an amount, turned into an absolute time by an activity.
export const DEADLINE_UNITS = ['calendar_days', 'working_days', 'hours', 'seconds'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export interface DeadlinePolicy {
  unit: DeadlineUnit;
  amount: number;
}
