// A deadline as people read it here: how many working days are left on the calendar the server
// counts deadlines with (GET /calendar/{year}: the State Council's holidays and 调休 working days;
// Monday–Friday until it has answered), or, past it, in red, how many days late.
import { useEffect, useState } from 'react';
import { Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQueries } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { unwrap } from '../api/errors.js';
import type { components } from '../api/schema.js';

type WorkCalendar = components['schemas']['WorkCalendar'];

const CHINA = 8 * 60 * 60 * 1000;
const chinaDate = (ms: number) => new Date(ms + CHINA).toISOString().slice(0, 10);

/** Whether a China date is a working day: Monday–Friday, less the calendars' holidays, plus their 调休 days. */
export function workdayTest(calendars: readonly WorkCalendar[]): (day: string) => boolean {
  const holidays = new Set(calendars.flatMap((c) => c.holidays));
  const workdays = new Set(calendars.flatMap((c) => c.workdays));
  return (day) => {
    if (workdays.has(day)) return true;
    if (holidays.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
}

/** Working days from tomorrow (China time) up to and including the deadline's day. */
export function workingDaysLeft(dueAt: string, now: number, isWorkday: (day: string) => boolean): number {
  const end = chinaDate(Date.parse(dueAt));
  let day = chinaDate(now);
  let count = 0;
  for (let i = 0; i < 400 && day < end; i++) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (isWorkday(day)) count++;
  }
  return count;
}

/** The calendars of the years from `now` to `dueAt`, each fetched once per session. */
function useWorkCalendars(dueAt: string, now: number): WorkCalendar[] {
  const from = Number(chinaDate(now).slice(0, 4));
  const to = Math.max(from, Math.min(from + 1, Number(chinaDate(Date.parse(dueAt)).slice(0, 4))));
  const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const answers = useQueries({
    queries: years.map((year) => ({
      queryKey: ['calendar', year],
      queryFn: () => unwrap(api.GET('/calendar/{year}', { params: { path: { year: String(year) } } })),
      staleTime: Infinity,
      gcTime: Infinity,
    })),
  });
  return answers.flatMap((a) => (a.data ? [a.data] : []));
}

/** Whole days since the deadline passed (0 on the day it passed). */
export const daysOverdue = (dueAt: string, now = Date.now()) => Math.floor((now - Date.parse(dueAt)) / 86_400_000);

export const formatInstant = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');

/** The current time, moving on every minute so a deadline turns red while the page is open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Due({ at, done }: { at: string; done?: boolean }) {
  const now = useNow();
  const calendars = useWorkCalendars(at, now);
  const when = dayjs(at).format('YYYY-MM-DD（ddd）HH:mm');
  if (done) return <Typography.Text type="secondary">截止 {when}</Typography.Text>;
  if (Date.parse(at) < now) {
    const late = daysOverdue(at, now);
    return (
      <Tooltip title={`截止 ${when}`}>
        <Tag color="red" data-overdue="true">
          已逾期{late > 0 ? ` ${late} 天` : ''}
        </Tag>
      </Tooltip>
    );
  }
  const left = workingDaysLeft(at, now, workdayTest(calendars));
  return (
    <Tooltip title={`截止 ${when}`}>
      <Tag color={left <= 1 ? 'orange' : 'default'}>{left === 0 ? '今日截止' : `剩 ${left} 个工作日`}</Tag>
    </Tooltip>
  );
}
