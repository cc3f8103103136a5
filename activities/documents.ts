// Issues numbered official documents in three steps, none of which holds a lock or a database
// connection while Chromium works: (1) a short transaction takes the next number of (issuing unit,
// code, year) from its counter row and reserves it for the document's idempotency key; (2) the PDF
// is rendered outside any transaction; (3) a second short transaction stores the document with its
// audit row and drops the reservation. A retry of the key prints the reserved number again, so
// numbers stay gap-free (a failed render spends none) and a failed render leaves no document row.
// Steps (1) and (3) take a transaction-level advisory lock on the key, so a call that arrives while
// another stores the same key sees either its reservation or its document, never neither.
//
// One number per content (`issueOnce`): the same template with the same data, issued again, is the
// document already issued; a new number (a new edition) only when the caller asks for one.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/audit.js';
import {
  documentCounters,
  documentNumberReservations,
  documents,
  units,
  type DocumentNumberReservation,
} from '../db/schema.js';
import type { Renderer } from './renderer.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { DOCUMENT_KINDS, renderDocumentHtml, templateDigest } from './official-documents.js';
import { chineseDate } from '../domain/chinese-dates.js';
import type { TaskActor } from '../domain/task-completion.js';
import { jurisdictionOfOrgCode, type Jurisdiction } from '../domain/regulations.js';

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

/** What `issueOnce` issues: a document keyed by its content rather than by the caller. */
export type IssueOnceInput = Omit<IssueDocumentInput, 'idempotencyKey'> & {
  /**
   * Set to ask for a new edition (a new number) of content already issued; the same value again
   * (a retried request) returns that edition. Unset: the latest edition of this content, if any.
   */
  newEdition?: string;
};

/**
 * sha256 of what a document says: its template (the version in use), issuer, code, title,
 * recipients and data — all that is printed except the number and the issue date, which issuing
 * assigns. A changed template is changed content.
 */
export function documentContentHash(
  input: Omit<IssueDocumentInput, 'idempotencyKey' | 'workflowId' | 'actor'>,
): string {
  const { kind, code, issuingUnitId, title, recipient, cc, recipientUnitIds, data } = input;
  return createHash('sha256')
    .update(
      canonicalJson({
        kind,
        template: templateDigest(kind),
        code,
        issuingUnitId,
        title,
        recipient,
        cc,
        recipientUnitIds,
        data,
      }),
    )
    .digest('hex');
}

/** Serialises the reservation and the storing of one idempotency key across connections and processes. */
const lockKey = (tx: Pick<Db, 'execute'>, idempotencyKey: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`document:${idempotencyKey}`}, 0))`);

export function createDocumentActivities(db: Db, renderer: Renderer, clock: () => Date) {
  const issued = (row: typeof documents.$inferSelect): IssuedDocument => ({
    documentId: row.id,
    number: row.number!,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
  });

  async function findIssued(idempotencyKey: string): Promise<IssuedDocument | undefined> {
    const [existing] = await db.select().from(documents).where(eq(documents.idempotencyKey, idempotencyKey));
    return existing && issued(existing);
  }

  /**
   * The key's document if it was stored meanwhile, else its reserved number — taking the next one of
   * its (unit, code, year) in a short transaction if it has none.
   */
  async function reserveNumber(
    input: IssueDocumentInput,
    issuer: { id: number; name: string; docPrefix: string | null },
  ): Promise<{ stored: IssuedDocument } | { reservation: DocumentNumberReservation }> {
    const reservedAt = clock();
    const year = Number(chineseDate(reservedAt).slice(0, 4));
    return db.transaction(async (tx) => {
      await lockKey(tx, input.idempotencyKey);
      const [stored] = await tx.select().from(documents).where(eq(documents.idempotencyKey, input.idempotencyKey));
      if (stored) return { stored: issued(stored) };
      const [reserved] = await tx
        .select()
        .from(documentNumberReservations)
        .where(eq(documentNumberReservations.idempotencyKey, input.idempotencyKey));
      if (reserved) return { reservation: reserved };
      // The counter row stays locked only until this transaction commits, a few milliseconds.
      const [counter] = await tx
        .insert(documentCounters)
        .values({ unitId: issuer.id, code: input.code, year, last: 1 })
        .onConflictDoUpdate({
          target: [documentCounters.unitId, documentCounters.code, documentCounters.year],
          set: { last: sql`${documentCounters.last} + 1` },
        })
        .returning({ last: documentCounters.last });
      const seq = counter!.last;
      const number = `${issuer.docPrefix ?? issuer.name}${input.code}〔${year}〕${seq}号`;
      const [row] = await tx
        .insert(documentNumberReservations)
        .values({
          idempotencyKey: input.idempotencyKey,
          unitId: issuer.id,
          code: input.code,
          year,
          seq,
          number,
          reservedAt,
        })
        .returning();
      return { reservation: row! };
    });
  }

  /** The issuer's jurisdiction: from its own organisation code, else its nearest ancestor's; '' (national texts only) if none says. */
  async function jurisdictionOf(issuer: { path: string; orgCode: string }): Promise<Jurisdiction> {
    const ids = issuer.path.split('/').filter(Boolean).map(Number);
    const chain = ids.length
      ? await db.select({ id: units.id, orgCode: units.orgCode }).from(units).where(inArray(units.id, ids))
      : [];
    const codes = [issuer.orgCode, ...ids.reverse().map((id) => chain.find((u) => u.id === id)?.orgCode ?? '')];
    for (const code of codes) {
      const found = jurisdictionOfOrgCode(code);
      if (found !== null) return found;
    }
    return '';
  }

  /** Issues `input`; `existing` tells whether this call found the key's document instead of storing it. */
  async function issue(input: IssueDocumentInput): Promise<IssuedDocument & { existing: boolean }> {
    const existing = await findIssued(input.idempotencyKey);
    if (existing) return { ...existing, existing: true };
    // Refused before a number is taken; no retry can make an unknown kind known.
    if (!DOCUMENT_KINDS.includes(input.kind)) {
      throw ApplicationFailure.nonRetryable(`没有文书类型“${input.kind}”的模板`, 'UnknownDocumentKind', {
        kind: input.kind,
        known: DOCUMENT_KINDS,
      });
    }
    const [issuer] = await db.select().from(units).where(eq(units.id, input.issuingUnitId));
    if (!issuer)
      throw ApplicationFailure.nonRetryable(`发文单位 ${input.issuingUnitId} 不存在`, 'UnknownIssuingUnit', {
        issuingUnitId: input.issuingUnitId,
      });

    const reserved = await reserveNumber(input, issuer);
    if ('stored' in reserved) return { ...reserved.stored, existing: true };
    const { reservation } = reserved;
    const { number, year, seq } = reservation;
    const html = renderDocumentHtml(input.kind, {
      ...input.data,
      title: input.title,
      number,
      issuer: { name: issuer.name },
      jurisdiction: await jurisdictionOf(issuer),
      recipient: input.recipient,
      cc: input.cc,
      issuedDate: chineseDate(reservation.reservedAt),
    });
    // No transaction is open and no connection held while Chromium works.
    const pdf = await renderer.renderPdf(html);
    const sha256 = createHash('sha256').update(pdf).digest('hex');

    const contentHash = documentContentHash(input);
    const stored = await db.transaction(async (tx) => {
      await lockKey(tx, input.idempotencyKey);
      const [row] = await tx
        .insert(documents)
        .values({
          kind: input.kind,
          code: input.code,
          year,
          seq,
          number,
          title: input.title,
          unitId: issuer.id,
          recipientUnitIds: input.recipientUnitIds ?? [],
          workflowId: input.workflowId,
          idempotencyKey: input.idempotencyKey,
          contentHash,
          sha256,
          sizeBytes: pdf.length,
          createdByUserId: input.actor?.userId,
          pdf,
        })
        .onConflictDoNothing({ target: documents.idempotencyKey })
        .returning({ id: documents.id });
      // A concurrent call with the same key stored it first (with its own audit row).
      if (!row) return undefined;
      await tx
        .delete(documentNumberReservations)
        .where(eq(documentNumberReservations.idempotencyKey, input.idempotencyKey));
      await appendAudit(tx, {
        actor: input.actor,
        action: 'issue',
        objectType: 'document',
        objectId: row.id,
        outcome: 'success',
        detail: { number, kind: input.kind, sha256 },
      });
      return { documentId: row.id, number, sha256, sizeBytes: pdf.length, existing: false };
    });
    return stored ?? { ...(await findIssued(input.idempotencyKey))!, existing: true };
  }

  return {
    async issueDocument(input: IssueDocumentInput): Promise<IssuedDocument> {
      const { existing: _existing, ...document } = await issue(input);
      return document;
    },

    /**
     * Issues `input` once per content: when a document of the same kind and issuer with the same
     * content hash exists, the latest such edition comes back (`existing: true`) and no number is
     * taken. Concurrent calls with the same content share one idempotency key, so they get one number.
     */
    async issueOnce(input: IssueOnceInput): Promise<IssuedDocument & { existing: boolean }> {
      const { newEdition, ...rest } = input;
      const contentHash = documentContentHash(rest);
      if (newEdition === undefined) {
        const [latest] = await db
          .select()
          .from(documents)
          .where(
            and(
              eq(documents.kind, input.kind),
              eq(documents.unitId, input.issuingUnitId),
              eq(documents.contentHash, contentHash),
            ),
          )
          .orderBy(desc(documents.createdAt), desc(documents.seq))
          .limit(1);
        if (latest) return { ...issued(latest), existing: true };
      }
      const idempotencyKey = `content:${input.kind}:${input.issuingUnitId}:${contentHash}${newEdition === undefined ? '' : `:edition:${newEdition}`}`;
      const before = await findIssued(idempotencyKey);
      if (before) return { ...before, existing: true };
      return issue({ ...rest, idempotencyKey });
    },
  };
}
