// The alert half of bench:incident: an alert (预警通报) to N institutions through the real API,
// worker, Temporal dev server, PostgreSQL and Chromium. Reports the time from the POST to every
// unit's receipt task existing: one PDF, then a few multi-row INSERTs (no child workflow per unit).
// Target: under 30 s for 1,000 units on 2 cores.
import { and, eq, sql } from 'drizzle-orm';
import { documents, tasks } from '../db/schema.js';
import { createManyUnits } from '../test/support/many-units.js';
import type { BenchStack } from './stack.js';

/** Time from POST /incidents/{id}/alerts to all `units` receipt tasks existing, on `stack`. */
export async function benchAlertFanOut(
  stack: BenchStack,
  opts: { units: number; timeoutMs?: number; log?: (message: string) => void },
): Promise<{ units: number; seconds: number; documents: number }> {
  const { db } = stack.database;
  const many = await createManyUnits(db, '郑州市卫生健康委员会', '压测预警县卫生健康委员会', opts.units);
  opts.log?.(`${opts.units} institutions created under one county`);
  // The incident the alert is about, reported through the API by one of them.
  const incident = await stack.call<{ id: string }>(many.staffTokens.get(many.unitIds[0]!)!, 'POST', '/incidents', {
    level: 'II',
    category: 'ransomware',
    title: '勒索软件攻击致门诊系统中断',
    description: '压测',
    systemsAffected: ['HIS'],
    criticalInfrastructure: false,
    personalInfoAffected: 0,
    discoveredAt: new Date(Date.now() - 60_000).toISOString(),
    measuresTaken: '已隔离',
    contact: { name: '张值班', phone: '0371-88888888' },
  });
  const official = await stack.login('zz.official');

  const t0 = performance.now();
  const { id } = await stack.call<{ id: string }>(official, 'POST', `/incidents/${incident.id}/alerts`, {
    title: '关于防范勒索软件攻击的预警通报',
    paragraphs: ['压测：某医院遭受勒索软件攻击。'],
    measures: ['排查远程桌面端口', '核查离线备份'],
    rootUnitId: many.rootId,
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  for (let created = 0; created < opts.units;) {
    if (Date.now() > deadline) throw new Error(`only ${created} of ${opts.units} receipt tasks after the timeout`);
    await new Promise((r) => setTimeout(r, 100));
    created = (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(tasks)
        .where(and(eq(tasks.workflowId, id), eq(tasks.type, 'incident_alert_receipt')))
    )[0]!.n;
  }
  const seconds = Number(((performance.now() - t0) / 1000).toFixed(2));
  const docs = await db.select({ id: documents.id }).from(documents).where(eq(documents.workflowId, id));
  await stack.temporal.workflow.getHandle(id).terminate('压测结束');
  return { units: opts.units, seconds, documents: docs.length };
}
