// Verification of the audit chain (004 8.2.4): every broken seal is reported, not only the first,
// so a later edit cannot hide behind an earlier one; the stretches between them still verify.
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from './client.js';
import { GENESIS_HASH, sealAuditEvents, sealHash } from './audit-seal.js';
import { auditEvents, auditSeals } from './schema.js';

export const CHAIN_PROBLEMS = {
  seal_missing: '此前的封存记录缺失（封存记录被删除）',
  link_broken: '与前一条封存记录的链接不符（记录被删除、插入或链被重算）',
  event_missing: '封存的审计记录已不存在（记录被删除）',
  row_altered: '审计记录内容与其哈希不符（记录被修改，或链被无密钥重算）',
} as const;
export type ChainProblemCode = keyof typeof CHAIN_PROBLEMS;

export interface BrokenSeal {
  position: number;
  seq: number;
  problems: Array<{ code: ChainProblemCode; message: string }>;
}

/** Consecutive seals that all verify, by chain position and the event seqs at both ends. */
export interface VerifiedRange {
  fromPosition: number;
  toPosition: number;
  fromSeq: number;
  toSeq: number;
  rows: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ChainVerdict {
  ok: boolean;
  code: 'audit_chain_intact' | 'audit_chain_broken';
  message: string;
  /** Seals checked. */
  rows: number;
  broken: Paged<BrokenSeal>;
  verifiedRanges: Paged<VerifiedRange>;
}

/** Collects all items but keeps only those of the requested page. */
class PageCollector<T> {
  total = 0;
  readonly items: T[] = [];
  constructor(
    private readonly page: number,
    private readonly pageSize: number,
  ) {}
  add(item: T) {
    const index = this.total++;
    if (index >= (this.page - 1) * this.pageSize && index < this.page * this.pageSize) this.items.push(item);
  }
  result(): Paged<T> {
    return { items: this.items, total: this.total, page: this.page, pageSize: this.pageSize };
  }
}

/**
 * Seals whatever is still unsealed, then walks the chain in position order. Each seal is checked on
 * its own (its link to the previous seal, its event, its keyed hash), so one break does not make the
 * rest unverifiable. `page`/`pageSize` page both the broken seals and the verified ranges.
 */
export async function verifyAuditChain(
  db: Db,
  key: string,
  options: { page?: number; pageSize?: number; batchSize?: number } = {},
): Promise<ChainVerdict> {
  const { page = 1, pageSize = 50, batchSize = 5_000 } = options;
  await sealAuditEvents(db, key, { full: true, wait: true });
  const broken = new PageCollector<BrokenSeal>(page, pageSize);
  const ranges = new PageCollector<VerifiedRange>(page, pageSize);
  let range: VerifiedRange | undefined;
  let lastPosition = 0;
  let lastHash = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const batch = await db
      .select({ seal: auditSeals, event: auditEvents })
      .from(auditSeals)
      .leftJoin(auditEvents, eq(auditEvents.seq, auditSeals.eventSeq))
      .where(gt(auditSeals.position, lastPosition))
      .orderBy(asc(auditSeals.position))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const { seal, event } of batch) {
      const problems: ChainProblemCode[] = [];
      if (seal.position !== lastPosition + 1) problems.push('seal_missing');
      if (seal.prevHash !== lastHash) problems.push('link_broken');
      if (!event) problems.push('event_missing');
      else if (sealHash(key, seal.prevHash, event) !== seal.hash) problems.push('row_altered');
      if (problems.length > 0) {
        broken.add({
          position: seal.position,
          seq: seal.eventSeq,
          problems: problems.map((code) => ({ code, message: CHAIN_PROBLEMS[code] })),
        });
        range = undefined;
      } else if (range) {
        range.toPosition = seal.position;
        range.toSeq = seal.eventSeq;
        range.rows++;
      } else {
        range = {
          fromPosition: seal.position,
          toPosition: seal.position,
          fromSeq: seal.eventSeq,
          toSeq: seal.eventSeq,
          rows: 1,
        };
        ranges.add(range);
      }
      lastPosition = seal.position;
      lastHash = seal.hash;
      rows++;
    }
  }
  const ok = broken.total === 0;
  return {
    ok,
    code: ok ? 'audit_chain_intact' : 'audit_chain_broken',
    message: ok
      ? `审计链完整：${rows} 条记录全部验证通过`
      : `审计链有 ${broken.total} 条记录未通过验证，其余 ${ranges.total} 段验证通过`,
    rows,
    broken: broken.result(),
    verifiedRanges: ranges.result(),
  };
}
