// Activities come from one factory that receives their dependencies (README, Development), so the
// worker passes the real database and renderer and a workflow-logic test may pass fakes.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Renderer } from './renderer.js';
import { createTaskActivities } from './tasks.js';
import { createDeadlineActivities } from './deadlines.js';
import { createDocumentActivities } from './documents.js';
import { createHandoverActivities } from './handovers.js';
import { createInspectionActivities } from './inspections.js';
import { createNoticeActivities } from './notices.js';
import { createIncidentActivities } from './incidents.js';
import { createIncidentAlertActivities } from './incident-alerts.js';
import { createAccountabilityActivities } from './accountability-cases.js';
import { createCircularActivities } from './circulars.js';
import { withNonRetryableDataErrors } from './data-errors.js';

export interface ActivityDeps {
  db: Db;
  renderer: Renderer;
  clock: () => Date;
}

export function createActivities(deps: ActivityDeps) {
  const documents = createDocumentActivities(deps.db, deps.renderer, deps.clock);
  return withNonRetryableDataErrors({
    ...createTaskActivities(deps.db),
    ...createDeadlineActivities(deps.db, deps.clock),
    ...documents,
    ...createHandoverActivities(deps.db),
    ...createInspectionActivities(deps.db, deps.clock),
    ...createNoticeActivities(deps.db),
    ...createIncidentActivities(deps.db, documents),
    ...createIncidentAlertActivities(deps.db),
    ...createAccountabilityActivities(deps.db),
    ...createCircularActivities(deps.db),
    /** The database server's current time (ISO 8601): proves the worker reaches PostgreSQL. */
    async databaseTime(): Promise<string> {
      const rows = await deps.db.execute<{ now: Date | string }>(sql`select now() as now`);
      return new Date(rows[0]!.now).toISOString();
    },
  });
}

export type Activities = ReturnType<typeof createActivities>;
