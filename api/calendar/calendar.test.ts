// The console counts working days from this calendar: it must agree, day by day, with the one the
// server counts deadlines with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { createTestApp, type Caller, type TestApp } from '../../test/support/app.js';

describe('GET /calendar/{year}', () => {
  let t: TestApp;
  let clerk: Caller;
  beforeAll(async () => {
    t = await createTestApp();
    clerk = await t.as('jshosp.staff');
  });
  afterAll(async () => t?.close());

  it('names every weekday holiday and weekend working day of 2026, as deadlines count them', async () => {
    const res = await clerk.get('/calendar/2026');
    expect(res.status).toBe(200);
    const calendar = (await res.json()) as { year: number; known: boolean; holidays: string[]; workdays: string[] };
    expect(calendar).toMatchObject({ year: 2026, known: true });
    expect(calendar.holidays).toContain('2026-10-01'); // 国庆节, a Thursday
    const holidays = new Set(calendar.holidays);
    const workdays = new Set(calendar.workdays);
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000) {
      const day = new Date(ms).toISOString().slice(0, 10);
      const weekend = [0, 6].includes(new Date(ms).getUTCDay());
      const working = workdays.has(day) || (!weekend && !holidays.has(day));
      expect(working, day).toBe(chineseDays.isWorkday(day));
    }
  });

  it('refuses a year that is not four digits in Chinese, and answers only a signed-in caller', async () => {
    const res = await clerk.get('/calendar/26');
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('年份须为');
    expect((await t.app.request('/calendar/2026')).status).toBe(401);
  });
});
