// Deadline arithmetic (no I/O): a deadline policy (domain/deadlines.ts) counted from an instant, or
// back from one. Working days follow the State Council holiday and make-up-workday calendar shipped
// in `chinese-days` (2004–2026 as pinned); for later years, before the package is updated,
// Monday–Friday count as working days and the result is flagged `calendarKnown: false` so callers
// can log it. Kept apart from domain/deadlines.ts so workflows, which import that, do not bundle
// the calendar.
import chineseDays from 'chinese-days';
import type { DeadlinePolicy } from './deadlines.js';

export const CALENDAR_LAST_YEAR = 2026;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000; // Asia/Shanghai has no daylight saving

/** YYYY-MM-DD of `instant` in China time. */
function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 China time on the given China date: "within N working days" ends with that day. */
function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface Deadline {
  at: string;
  calendarKnown: boolean;
}

/** The absolute deadline for `policy` counted from `from`. */
export function deadlineFrom(policy: DeadlinePolicy, from: Date): Deadline {
  switch (policy.unit) {
    case 'seconds':
      return { at: new Date(from.getTime() + policy.amount * 1000).toISOString(), calendarKnown: true };
    case 'hours':
      return { at: new Date(from.getTime() + policy.amount * 3_600_000).toISOString(), calendarKnown: true };
    case 'calendar_days':
      return { at: endOfChinaDay(addDays(chinaDate(from), policy.amount)).toISOString(), calendarKnown: true };
    case 'working_days': {
      // Counting starts the day after `from`, as official time limits do.
      let date = chinaDate(from);
      for (let left = policy.amount; left > 0;) {
        date = addDays(date, 1);
        // Beyond the package's last year it falls back to Monday–Friday by itself.
        if (chineseDays.isWorkday(date)) left--;
      }
      return { at: endOfChinaDay(date).toISOString(), calendarKnown: Number(date.slice(0, 4)) <= CALENDAR_LAST_YEAR };
    }
  }
}

/**
 * The first China date of the period `policy` that ends on `now`'s date: the other way round from
 * deadlineFrom (e.g. "a restore drill within the last 365 days"). Working days count back over the
 * same calendar.
 */
export function periodStartFor(policy: DeadlinePolicy, now: Date): string {
  const today = chinaDate(now);
  switch (policy.unit) {
    case 'seconds':
      return chinaDate(new Date(now.getTime() - policy.amount * 1000));
    case 'hours':
      return chinaDate(new Date(now.getTime() - policy.amount * 3_600_000));
    case 'calendar_days':
      return addDays(today, -policy.amount);
    case 'working_days': {
      let date = today;
      for (let left = policy.amount; left > 0;) {
        date = addDays(date, -1);
        if (chineseDays.isWorkday(date)) left--;
      }
      return date;
    }
  }
}

export interface WorkCalendar {
  year: number;
  /** false beyond the package's last year: Monday–Friday count. */
  known: boolean;
  /** Monday–Friday dates that are not working days. */
  holidays: string[];
  /** Saturday and Sunday dates that are working days (调休). */
  workdays: string[];
}

/** A year's departures from Monday–Friday on the calendar deadlines are counted with. */
export function workCalendarOf(year: number): WorkCalendar {
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
    const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    const working = chineseDays.isWorkday(day);
    if (!weekend && !working) holidays.push(day);
    if (weekend && working) workdays.push(day);
  }
  return { year, known: year <= CALENDAR_LAST_YEAR, holidays, workdays };
}
