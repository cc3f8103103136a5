// Backups and restore drills (容灾备份与恢复演练): 000 第十四条 (a reliable disaster-recovery backup
// mechanism), 第十五条 (regular backup and restore checks, so data can be restored in time,
// completely and accurately) and 001 第九条 (定期进行备份和恢复检测). A unit records its backup
// arrangements and each restore drill; supervisors see which units have no drill in the policy
// period. One strict form schema each, shared by the API and its OpenAPI document. No I/O here.
import { z } from 'zod';
import './zod-locale.js';
import { StorageLocationSchema } from './data-holdings.js';
import { text } from './forms.js';

export const BACKUP_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type BackupFrequency = (typeof BACKUP_FREQUENCIES)[number];
export const BACKUP_FREQUENCY_LABELS: Record<BackupFrequency, string> = {
  realtime: '实时',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  yearly: '每年',
};

export const DRILL_RESULTS = ['succeeded', 'partial', 'failed'] as const;
export type DrillResult = (typeof DRILL_RESULTS)[number];
export const DRILL_RESULT_LABELS: Record<DrillResult, string> = {
  succeeded: '恢复成功',
  partial: '部分恢复',
  failed: '恢复失败',
};

/** The deadline policy whose period a unit must have drilled within (db/default-policies.ts). */
export const RESTORE_DRILL_POLICY_KEY = 'continuity.restore_drill';

/** Earliest year a date here may name: PostgreSQL has no year 0, and nothing is recorded before this. */
const FIRST_YEAR = 1900;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000; // Asia/Shanghai has no daylight saving

/** Today's date, YYYY-MM-DD, in China time. */
export const chinaToday = (now = Date.now()) => new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** A calendar date, YYYY-MM-DD, that exists, from 1900 on. */
export const calendarDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '须为日期 YYYY-MM-DD', abort: true })
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      { message: '不是有效的日期', abort: true },
    )
    .refine((d) => Number(d.slice(0, 4)) >= FIRST_YEAR, { message: `须为 ${FIRST_YEAR} 年以后的日期`, abort: true });

/**
 * A date of something already done (a backup run, a drill): not after today, China time. A drill
 * dated in the future would count as "drilled in the period" until that day comes (000 第十五条).
 */
export const pastDate = () =>
  calendarDate().refine((d) => d <= chinaToday(), {
    message: '不能晚于今天（中国时间）：只能登记已经进行的备份或演练',
  });

/** A backup arrangement: what is backed up, how often, and where the off-site copy is kept. */
export const BackupForm = z.strictObject({
  scope: text(500),
  frequency: z.enum(BACKUP_FREQUENCIES),
  /** The off-site copy's location (异地备份); domestic only (000 第十八条). Omitted: no off-site copy. */
  offSiteLocation: StorageLocationSchema.optional(),
  /** The most recent backup run, when known. */
  lastPerformedOn: pastDate().optional(),
  remark: text(500).optional(),
});
export type BackupInput = z.infer<typeof BackupForm>;

/**
 * A restore drill (恢复演练): when, what was restored, how long it took, the result and the
 * evidence. A drill that did not restore everything needs a follow-up date (the next drill or the
 * fix), on or after the drill: 001 第九条 asks that data can be restored completely.
 */
export const RestoreDrillFields = z.strictObject({
  drilledOn: pastDate(),
  restored: text(500),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
  result: z.enum(DRILL_RESULTS),
  /** What proves the drill: report number, log excerpt, where the record is filed. */
  evidence: text(1000),
  followUpOn: calendarDate().optional(),
});

type DrillDates = { result?: unknown; drilledOn?: unknown; followUpOn?: unknown };

/** The drill's cross-field rules on `schema` (checked even when other fields are wrong). */
export function withDrillRules<S extends z.ZodType<DrillDates>>(schema: S): S {
  return schema
    .refine((d) => (d?.result !== 'failed' && d?.result !== 'partial') || typeof d?.followUpOn === 'string', {
      path: ['followUpOn'],
      message: '演练未完全成功：须填写跟进日期（整改或再次演练，000 第十五条、001 第九条）',
      when: () => true,
    })
    .refine(
      (d) => typeof d?.followUpOn !== 'string' || typeof d?.drilledOn !== 'string' || d.followUpOn >= d.drilledOn,
      { path: ['followUpOn'], message: '跟进日期不能早于演练日期', when: () => true },
    );
}

export const RestoreDrillForm = withDrillRules(RestoreDrillFields);
export type RestoreDrillInput = z.infer<typeof RestoreDrillForm>;
