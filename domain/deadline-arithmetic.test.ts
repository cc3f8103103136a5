import { describe, expect, it } from 'vitest';
import { deadlineFrom, periodStartFor } from './deadline-arithmetic.js';

describe('deadlines from policies', () => {
  it('working days skip the National Day holiday and count its make-up Saturday (2026)', () => {
    // 2026: 10-01..10-07 off; Saturday 10-10 is a make-up workday. From Wed 09-30: 1st working day is Thu 10-08.
    expect(deadlineFrom({ unit: 'working_days', amount: 1 }, new Date('2026-09-30T10:00:00+08:00')).at).toBe(
      '2026-10-08T15:59:59.999Z',
    );
    // 10-08, 10-09, 10-10 (make-up Saturday) → 3 working days end on Saturday 10-10.
    expect(deadlineFrom({ unit: 'working_days', amount: 3 }, new Date('2026-09-30T10:00:00+08:00')).at).toBe(
      '2026-10-10T15:59:59.999Z',
    );
  });

  it('working days skip weekends and end at the end of the day in China time', () => {
    // Friday 2026-11-20 17:00 China time + 1 working day → Monday 11-23, 23:59:59.999 China time.
    expect(deadlineFrom({ unit: 'working_days', amount: 1 }, new Date('2026-11-20T17:00:00+08:00')).at).toBe(
      '2026-11-23T15:59:59.999Z',
    );
  });

  it('beyond the calendar years it knows, it counts Monday–Friday and says so', () => {
    const d = deadlineFrom({ unit: 'working_days', amount: 1 }, new Date('2027-10-01T09:00:00+08:00'));
    expect(d.at).toBe('2027-10-04T15:59:59.999Z');
    expect(d.calendarKnown).toBe(false);
  });

  it('calendar days, hours and seconds', () => {
    const from = new Date('2026-11-23T10:00:00+08:00');
    expect(deadlineFrom({ unit: 'calendar_days', amount: 30 }, from).at).toBe('2026-12-23T15:59:59.999Z');
    expect(deadlineFrom({ unit: 'hours', amount: 2 }, from).at).toBe('2026-11-23T04:00:00.000Z');
    expect(deadlineFrom({ unit: 'seconds', amount: 5 }, from).at).toBe('2026-11-23T02:00:05.000Z');
  });

  it('a period ending today starts that many days or working days back (China dates)', () => {
    // Monday 2026-10-12, 00:30 China time (still Sunday 10-11 in UTC).
    const now = new Date('2026-10-12T00:30:00+08:00');
    expect(periodStartFor({ unit: 'calendar_days', amount: 365 }, now)).toBe('2025-10-12');
    // Back over Saturday 10-10 (a make-up workday), 10-09, 10-08, then the National Day holiday to 09-30.
    expect(periodStartFor({ unit: 'working_days', amount: 4 }, now)).toBe('2026-09-30');
    expect(periodStartFor({ unit: 'hours', amount: 1 }, now)).toBe('2026-10-11');
  });
});
