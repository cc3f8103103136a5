// The officials' dashboard (首页) figures over a jurisdiction — every unit whose path starts with the
// caller's — one query per block. Compliance counts as in the run report (db/inspection-report.ts):
// the inspector's reviewed answer where there is one, else the unit's self-check; 不适用 left out;
// each unit by its latest answered inspection, so an old run's answers do not outweigh the new.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { checklistTemplates, inspections, tasks, units } from '../../db/schema.js';

const rate = (yes: number, no: number) => (yes + no === 0 ? null : Math.round((yes / (yes + no)) * 1000) / 1000);
const subtree = (path: string) => sql`${units.path} like ${`${path}%`}`;

/** Open and overdue (flagged, or past due) tasks per unit, most overdue first. */
export async function tasksByUnit(db: Db, path: string, now: Date) {
  const late = sql`${tasks.overdue} or ${tasks.dueAt} < ${now.toISOString()}::timestamptz`;
  const rows = await db
    .select({
      unitId: units.id,
      name: units.name,
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${late}))::int`,
    })
    .from(tasks)
    .innerJoin(units, sql`${units.id} = ${tasks.assigneeUnitId}`)
    .where(sql`${tasks.status} = 'open' and ${subtree(path)}`)
    .groupBy(units.id, units.name, units.path)
    .orderBy(units.path);
  return {
    open: rows.reduce((n, r) => n + r.open, 0),
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
    units: rows.sort((a, b) => b.overdue - a.overdue || b.open - a.open),
  };
}

/** The latest answered inspection of each unit in the jurisdiction, its answers as rows. */
const latestAnswers = (path: string) => sql`
  with latest as (
    select distinct on (i.unit_id) i.id, i.unit_id, i.template_id, coalesce(i.review, i.self_check) as answers
    from ${inspections} i join ${units} u on u.id = i.unit_id
    where u.path like ${`${path}%`} and i.status <> 'cancelled' and coalesce(i.review, i.self_check) is not null
    order by i.unit_id, coalesce(i.reviewed_at, i.self_checked_at) desc, i.id desc
  )
  select l.id as inspection_id, l.unit_id, l.template_id, a->>'itemKey' as item_key, a->>'answer' as answer
  from latest l cross join lateral jsonb_array_elements(l.answers) a`;

/** Compliance per unit (its latest answered inspection) and per checklist item across those inspections. */
export async function compliance(db: Db, path: string) {
  const rows = await db.execute<{
    kind: 'unit' | 'item';
    key: string;
    pos: number;
    name: string;
    article: string | null;
    inspection_id: string | null;
    yes: number;
    no: number;
    na: number;
  }>(sql`
    with answers as (${latestAnswers(path)})
    select 'unit' as kind, a.unit_id::text as key, 0 as pos, u.name, null as article,
      min(a.inspection_id) as inspection_id,
      (count(*) filter (where a.answer = 'compliant'))::int as yes,
      (count(*) filter (where a.answer = 'non_compliant'))::int as no,
      (count(*) filter (where a.answer = 'not_applicable'))::int as na
    from answers a join ${units} u on u.id = a.unit_id
    group by a.unit_id, u.name, u.path
    union all
    select 'item', a.item_key, min(ti.pos)::int, min(ti.item->>'text'), min(ti.item->>'article'), null,
      (count(*) filter (where a.answer = 'compliant'))::int,
      (count(*) filter (where a.answer = 'non_compliant'))::int,
      (count(*) filter (where a.answer = 'not_applicable'))::int
    from answers a
    join ${checklistTemplates} t on t.id = a.template_id
    cross join lateral jsonb_array_elements(t.items) with ordinality ti(item, pos)
    where ti.item->>'key' = a.item_key
    group by a.item_key`);
  const list = [...rows];
  const yes = list.filter((r) => r.kind === 'unit').reduce((n, r) => n + r.yes, 0);
  const no = list.filter((r) => r.kind === 'unit').reduce((n, r) => n + r.no, 0);
  return {
    overallRate: rate(yes, no),
    units: list
      .filter((r) => r.kind === 'unit')
      .map((r) => ({
        unitId: Number(r.key),
        name: r.name,
        inspectionId: r.inspection_id!,
        compliant: r.yes,
        nonCompliant: r.no,
        notApplicable: r.na,
        rate: rate(r.yes, r.no),
      }))
      .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.name.localeCompare(b.name, 'zh')),
    items: list
      .filter((r) => r.kind === 'item')
      .map((r) => ({
        key: r.key,
        text: r.name,
        article: r.article ?? '',
        compliant: r.yes,
        nonCompliant: r.no,
        notApplicable: r.na,
        rate: rate(r.yes, r.no),
        pos: r.pos,
      }))
      .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.pos - b.pos)
      .map(({ pos: _, ...item }) => item),
  };
}

/** Inspections still rectifying past their rectification deadline, longest overdue first. */
export async function rectificationsOverdue(db: Db, path: string, now: Date) {
  const rows = await db.execute<{
    inspection_id: string;
    unit_id: number;
    name: string;
    due_at: Date | string;
    open_findings: number;
  }>(sql`
    select i.id as inspection_id, i.unit_id, u.name, i.rectification_due_at as due_at,
      (select count(*) from inspection_findings f where f.inspection_id = i.id and f.status <> 'accepted')::int
        as open_findings
    from ${inspections} i join ${units} u on u.id = i.unit_id
    where u.path like ${`${path}%`} and i.status = 'rectifying'
      and i.rectification_due_at < ${now.toISOString()}::timestamptz
    order by i.rectification_due_at, u.path`);
  return [...rows].map((r) => {
    const dueAt = new Date(r.due_at);
    return {
      inspectionId: r.inspection_id,
      unitId: r.unit_id,
      name: r.name,
      dueAt: dueAt.toISOString(),
      daysOverdue: Math.floor((now.getTime() - dueAt.getTime()) / 86_400_000),
      openFindings: r.open_findings,
    };
  });
}
