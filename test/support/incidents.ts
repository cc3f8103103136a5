// An incident row with its 初报, written directly (the incident process itself is not needed to test
// what is built on an incident, e.g. its alerts).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { incidentReports, incidents, units } from '../../db/schema.js';
import { initialVersion } from '../../db/incident-reports.js';
import type { IncidentCategory, IncidentLevel } from '../../domain/incidents.js';

/** Inserts an incident of `unitId` (supervised by its parent unit) and its first report; returns its id. */
export async function insertIncident(
  db: Db,
  unitId: number,
  options: { title?: string; level?: IncidentLevel; category?: IncidentCategory } = {},
): Promise<string> {
  const [unit] = await db.select().from(units).where(eq(units.id, unitId));
  const id = `incident-${crypto.randomUUID()}`;
  const now = new Date();
  const level = options.level ?? 'III';
  const title = options.title ?? '勒索软件攻击致门诊系统中断';
  const { row, hash } = initialVersion({
    incidentId: id,
    level,
    content: { title, description: '测试事件' },
    reportedByUserId: null,
    reportedByName: '测试',
    reportedAt: now.toISOString(),
  });
  await db.transaction(async (tx) => {
    await tx.insert(incidents).values({
      id,
      unitId,
      supervisingUnitId: unit!.parentId ?? unitId,
      title,
      level,
      category: options.category ?? 'ransomware',
      criticalInfrastructure: false,
      discoveredAt: new Date(now.getTime() - 3_600_000),
      reportedAt: now,
      reportDueAt: new Date(now.getTime() + 3 * 3_600_000),
      lastHash: hash,
    });
    await tx.insert(incidentReports).values(row);
  });
  return id;
}
