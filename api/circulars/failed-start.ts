// A circular (or notice) whose workflow did not start is removed with its recipients, and the
// attempt audited as a failure: a refused request leaves nothing behind (api/workflow-start.ts).
import type { Db } from '../../db/client.js';
import { eq } from 'drizzle-orm';
import { appendAudit, type AuditEntry } from '../../db/audit.js';
import { circulars } from '../../db/schema.js';

export function undoCircularStart(
  db: Db,
  audit: Pick<AuditEntry, 'actor' | 'requestId' | 'sourceIp'>,
  id: string,
  objectType: 'circular' | 'notice',
): () => Promise<void> {
  return () =>
    db.transaction(async (tx) => {
      await tx.delete(circulars).where(eq(circulars.id, id));
      await appendAudit(tx, {
        ...audit,
        action: 'create',
        objectType,
        objectId: id,
        outcome: 'failure',
        detail: { reason: 'workflow_start_failed', compensated: true },
      });
    });
}
