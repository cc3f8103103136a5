// Incident reports as a hash-linked chain (issue 12, item 3): each stage is stored once, immutable
// (migration 0018 refuses UPDATE), and its hash covers the previous one, so a changed, removed or
// reordered version shows in verifyReportChain. Used by the API for the 初报 and by the workflow's
// activity for 续报 and 终报; the incident row is locked while a version is appended, so two
// concurrent reports never take the same place in the chain.
import { createHash } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { incidentReports, incidents, type IncidentReport } from './schema.js';
import { canonicalJson } from '../domain/canonical-json.js';
import type { IncidentLevel, ReportStage } from '../domain/incidents.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What the first version links to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ReportVersion {
  incidentId: string;
  seq: number;
  stage: ReportStage;
  level: IncidentLevel;
  content: Record<string, unknown>;
  reportedByUserId: number | null;
  reportedByName: string;
  /** ISO instant, millisecond precision (as stored). */
  reportedAt: string;
}

/** sha256 of `prevHash` and the version in canonical JSON. */
export function reportHash(prevHash: string, version: ReportVersion): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(version)}`)
    .digest('hex');
}

const versionOf = (r: IncidentReport): ReportVersion => ({
  incidentId: r.incidentId,
  seq: r.seq,
  stage: r.stage,
  level: r.level,
  content: r.content,
  reportedByUserId: r.reportedByUserId,
  reportedByName: r.reportedByName,
  reportedAt: r.reportedAt.toISOString(),
});

/** The first version's row and hash (the caller inserts the incident with `lastHash` = this hash, then the row). */
export function initialVersion(version: Omit<ReportVersion, 'seq' | 'stage'>): {
  row: typeof incidentReports.$inferInsert;
  hash: string;
} {
  const full: ReportVersion = { ...version, seq: 1, stage: 'initial' };
  const hash = reportHash(GENESIS_HASH, full);
  return { row: { ...full, reportedAt: new Date(full.reportedAt), prevHash: GENESIS_HASH, hash }, hash };
}

/**
 * Appends the next version to the incident's chain inside `tx`, under the incident row's lock.
 * `idempotencyKey` (kept in the content as `_key`) makes a retried activity return the version it
 * stored the first time instead of appending another.
 */
export async function appendReport(
  tx: Tx,
  input: Omit<ReportVersion, 'seq' | 'reportedAt'> & { idempotencyKey: string },
): Promise<{ report: IncidentReport; appended: boolean }> {
  const [incident] = await tx
    .select({ reportCount: incidents.reportCount, lastHash: incidents.lastHash })
    .from(incidents)
    .where(eq(incidents.id, input.incidentId))
    .for('update');
  if (!incident) throw new Error(`incident ${input.incidentId} does not exist`);
  const [earlier] = await tx
    .select()
    .from(incidentReports)
    .where(
      sql`${incidentReports.incidentId} = ${input.incidentId} and ${incidentReports.content}->>'_key' = ${input.idempotencyKey}`,
    );
  if (earlier) return { report: earlier, appended: false };

  const [{ now }] = (await tx.execute(sql`select now() as now`)) as unknown as [{ now: Date | string }];
  const version: ReportVersion = {
    incidentId: input.incidentId,
    seq: incident.reportCount + 1,
    stage: input.stage,
    level: input.level,
    content: { ...input.content, _key: input.idempotencyKey },
    reportedByUserId: input.reportedByUserId,
    reportedByName: input.reportedByName,
    reportedAt: new Date(now).toISOString(),
  };
  const hash = reportHash(incident.lastHash, version);
  const [report] = await tx
    .insert(incidentReports)
    .values({ ...version, reportedAt: new Date(version.reportedAt), prevHash: incident.lastHash, hash })
    .returning();
  await tx
    .update(incidents)
    .set({ reportCount: version.seq, lastHash: hash, level: input.level, updatedAt: sql`now()` })
    .where(eq(incidents.id, input.incidentId));
  return { report: report!, appended: true };
}

/** Whether the incident's versions form an unbroken chain; the first bad place when not. */
export async function verifyReportChain(
  db: Pick<Db, 'select'>,
  incidentId: string,
): Promise<{ valid: true; versions: number } | { valid: false; brokenAtSeq: number }> {
  const rows = await db
    .select()
    .from(incidentReports)
    .where(eq(incidentReports.incidentId, incidentId))
    .orderBy(asc(incidentReports.seq));
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1 || row.prevHash !== prev || reportHash(prev, versionOf(row)) !== row.hash)
      return { valid: false, brokenAtSeq: i + 1 };
    prev = row.hash;
  }
  const [incident] = await db
    .select({ lastHash: incidents.lastHash })
    .from(incidents)
    .where(eq(incidents.id, incidentId));
  if (incident && incident.lastHash !== prev) return { valid: false, brokenAtSeq: rows.length + 1 };
  return { valid: true, versions: rows.length };
}
