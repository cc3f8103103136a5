// The documents a user may read, as SQL, and their list rows: the rule of mayReadDocument (the
// issuer within the user's scope, or the user's unit among the recipients), so the list shows exactly
// what GET /documents/{id} would hand over.
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { documents, units } from '../../db/schema.js';
import type { CurrentUser } from '../context.js';
import { visibleUnits } from '../policy.js';
import { documentKindName } from '../../domain/document-kinds.js';

export function readableBy(user: CurrentUser): SQL {
  return or(
    visibleUnits(user, documents.unitId),
    sql`${documents.recipientUnitIds} @> ${JSON.stringify([user.unitId])}::jsonb`,
  )!;
}

export interface DocumentFilter {
  kind?: string;
  /** Part of the number or the title. */
  text?: string;
  /** Issued on or after this day / on or before this day (YYYY-MM-DD, China time). */
  from?: string;
  to?: string;
}

/** `%` and `_` typed by a user are meant literally. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A calendar day in China (UTC+8, no daylight saving) as the instant it starts. */
const chinaDayStart = (day: string, plusDays = 0) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000);

export function documentFilter(user: CurrentUser, f: DocumentFilter): SQL {
  return and(
    readableBy(user),
    f.kind ? eq(documents.kind, f.kind) : undefined,
    f.text ? or(ilike(documents.title, likeText(f.text)), ilike(documents.number, likeText(f.text))) : undefined,
    f.from ? gte(documents.createdAt, chinaDayStart(f.from)) : undefined,
    f.to ? lt(documents.createdAt, chinaDayStart(f.to, 1)) : undefined,
  )!;
}

/** The recipients' ids and names, in tree order, read in the same query as the row. */
const recipients = sql<{ id: number; name: string }[]>`(
  select coalesce(json_agg(json_build_object('id', r.id, 'name', r.name) order by r.path), '[]'::json)
  from ${units} r
  where r.id in (select (jsonb_array_elements_text(${documents.recipientUnitIds}))::int)
)`;

const columns = {
  id: documents.id,
  kind: documents.kind,
  number: documents.number,
  title: documents.title,
  unitId: documents.unitId,
  unitName: units.name,
  recipients,
  sha256: documents.sha256,
  sizeBytes: documents.sizeBytes,
  workflowId: documents.workflowId,
  createdAt: documents.createdAt,
};

export type DocumentRow = ReturnType<typeof present>;

function present(row: {
  id: string;
  kind: string;
  number: string | null;
  title: string;
  unitId: number;
  unitName: string;
  recipients: { id: number; name: string }[];
  sha256: string;
  sizeBytes: number;
  workflowId: string | null;
  createdAt: Date;
}) {
  return { ...row, kindName: documentKindName(row.kind), createdAt: row.createdAt.toISOString() };
}

/** Rows matching `where`, newest first (never the PDF itself). */
export async function documentRows(db: Db, where: SQL, limit: number, offset = 0) {
  const rows = await db
    .select(columns)
    .from(documents)
    .innerJoin(units, eq(units.id, documents.unitId))
    .where(where)
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(limit)
    .offset(offset);
  return rows.map(present);
}
