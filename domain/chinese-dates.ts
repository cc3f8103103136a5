// Dates as Chinese documents print them, in China time (UTC+8): the templates' {{when}} helper, the
// dates the activities put in a document's data, and the API's run report. No I/O here.

/** 2026年11月23日 for a date, in China time. */
export function chineseDate(instant: Date): string {
  const d = new Date(instant.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** An ISO date (2026-12-21) as 2026年12月21日, an ISO instant as 2026年12月21日 09:30 in China time; other text as given. */
export function chineseDateTime(value: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) return `${date[1]}年${Number(date[2])}月${Number(date[3])}日`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) return value;
  const instant = new Date(value);
  const china = new Date(instant.getTime() + 8 * 3_600_000);
  const hhmm = china.toISOString().slice(11, 16);
  return `${chineseDate(instant)} ${hhmm}`;
}
