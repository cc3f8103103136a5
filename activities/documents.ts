// Issues numbered official documents. The number is allocated, the PDF rendered and the row
// stored in one transaction: the counter row stays locked until commit, so numbers per
// (issuing unit, code, year) are gap-free under concurrency and a failed render leaves nothing.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import { documentCounters, documents, units } from '../db/schema.js';
import type { Renderer } from './renderer.js';
import { chineseDate, renderDocumentHtml } from './official-documents.js';
import type { TaskActor } from '../domain/task-completion.js';

export interface IssueDocumentInput {
  kind: string;
  /** Issuing-organ code appended to the unit's prefix, e.g. 监 → 豫卫监〔2026〕12号. */
  code: string;
  issuingUnitId: number;
  title: string;
  recipient?: string;
  cc?: string[];
  recipientUnitIds?: number[];
  data: Record<string, unknown>;
  workflowId?: string;
  /** Makes the activity retry-safe: a second call with the same key returns the first document. */
  idempotencyKey: string;
  actor?: TaskActor;
}

export interface IssuedDocument {
  documentId: string;
  number: string;
  sha256: string;
  sizeBytes: number;
}

export function createDocumentActivities(db: Db, renderer: Renderer, clock: () => Date) {
  return {
    async issueDocument(input: IssueDocumentInput): Promise<IssuedDocument> {
      const [existing] = await db.select().from(documents).where(eq(documents.idempotencyKey, input.idempotencyKey));
      if (existing) return { documentId: existing.id, number: existing.number!, sha256: existing.sha256, sizeBytes: existing.sizeBytes };
      const [issuer] = await db.select().from(units).where(eq(units.id, input.issuingUnitId));
      if (!issuer) throw new Error(`Issuing unit ${input.issuingUnitId} does not exist`);
      const now = clock();
      const year = Number(chineseDate(now).slice(0, 4));
      return db.transaction(async (tx) => {
        const [counter] = await tx
          .insert(documentCounters)
          .values({ unitId: issuer.id, code: input.code, year, last: 1 })
          .onConflictDoUpdate({ target: [documentCounters.unitId, documentCounters.code, documentCounters.year], set: { last: sql`${documentCounters.last} + 1` } })
          .returning({ last: documentCounters.last });
        const seq = counter!.last;
        const number = `${issuer.docPrefix ?? issuer.name}${input.code}〔${year}〕${seq}号`;
        const html = renderDocumentHtml(input.kind, { ...input.data, title: input.title, number, issuer: { name: issuer.name }, recipient: input.recipient, cc: input.cc, issuedDate: chineseDate(now) });
        const pdf = await renderer.renderPdf(html);
        const sha256 = createHash('sha256').update(pdf).digest('hex');
        const [row] = await tx
          .insert(documents)
          .values({ kind: input.kind, code: input.code, year, seq, number, title: input.title, unitId: issuer.id, recipientUnitIds: input.recipientUnitIds ?? [], workflowId: input.workflowId, idempotencyKey: input.idempotencyKey, sha256, sizeBytes: pdf.length, createdByUserId: input.actor?.userId, pdf })
          .returning({ id: documents.id });
        await appendAudit(tx, { actor: input.actor, action: 'issue', objectType: 'document', objectId: row!.id, outcome: 'success', detail: { number, kind: input.kind, sha256 } });
        return { documentId: row!.id, number, sha256, sizeBytes: pdf.length };
      });
    },
  };
}
