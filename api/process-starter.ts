// Starts the workflows that requests committed to `process_starts` (db/schema.ts): at once after
// the commit (`kick`), a few at a time so a burst of requests is not slowed by its own workflow
// starts, and again on a sweep for any a failed attempt left (Temporal unreachable, the process
// stopped in between). Starting is idempotent (the workflow id is the row's; a second start joins
// the first), so two API replicas sweeping the same row do no harm.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { processStarts } from '../db/schema.js';
import type { Logger } from '../config/logger.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What a request commits to have its process started. */
export interface ProcessStartRequest {
  workflowId: string;
  /** The workflow function's name, as the worker registers it. */
  workflowType: string;
  taskQueue: string;
  args: unknown[];
}

/** Records the start in the request's transaction; a repeated request (same id) records nothing new. */
export async function enqueueStart(tx: Tx, start: ProcessStartRequest): Promise<void> {
  await tx.insert(processStarts).values(start).onConflictDoNothing();
}

/** Starts in flight at once: the rest wait their turn, so requests committing meanwhile keep the CPU. */
const CONCURRENCY = 2;
/**
 * Starts wait for a quiet moment: this long without a new request (a burst of 200 reports is over
 * in about 2 s on two cores, and the workflows' work would only slow the requests still arriving),
 * but never longer than MAX_WAIT_MS after the first of them. The 签收 task is in the inbox already,
 * and one answered meanwhile starts its process on demand.
 */
const QUIET_MS = 150;
const MAX_WAIT_MS = 3_000;
/** A row not started this long after its commit is taken up by the sweep. */
const SWEEP_AFTER_MS = 5_000;
const SWEEP_EVERY_MS = 5_000;

export class ProcessStarter {
  private readonly queue: string[] = [];
  private readonly pending = new Set<string>();
  private running = 0;
  private readonly sweeper: NodeJS.Timeout;
  private quiet: NodeJS.Timeout | undefined;
  private waitingSince: number | undefined;

  constructor(
    private readonly deps: { db: Db; temporal: Client; logger: Logger },
    options: { sweepEveryMs?: number } = {},
  ) {
    this.sweeper = setInterval(() => void this.sweep(), options.sweepEveryMs ?? SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** Starts `workflowId` soon (after the request's commit). */
  kick(workflowId: string): void {
    if (this.pending.has(workflowId)) return;
    this.pending.add(workflowId);
    this.queue.push(workflowId);
    this.waitingSince ??= Date.now();
    clearTimeout(this.quiet);
    const wait = Math.min(QUIET_MS, this.waitingSince + MAX_WAIT_MS - Date.now());
    this.quiet = setTimeout(
      () => {
        this.waitingSince = undefined;
        this.drain();
      },
      Math.max(wait, 0),
    );
  }

  /**
   * Starts `workflowId` now unless it has started: a task of a process still waiting in the queue
   * can then be answered at once (api/workflow-updates.ts). False when no request committed such a
   * start (the process is not one of the starter's).
   */
  async ensureStarted(workflowId: string): Promise<boolean> {
    const [row] = await this.deps.db.select().from(processStarts).where(eq(processStarts.workflowId, workflowId));
    if (!row) return false;
    await this.start(row.workflowId);
    return true;
  }

  /** The rows left unstarted after a failed attempt or a stop, oldest first. */
  async sweep(): Promise<void> {
    try {
      const rows = await this.deps.db
        .select({ workflowId: processStarts.workflowId })
        .from(processStarts)
        .where(and(isNull(processStarts.startedAt), lt(processStarts.createdAt, new Date(Date.now() - SWEEP_AFTER_MS))))
        .orderBy(asc(processStarts.createdAt))
        .limit(100);
      for (const row of rows) this.kick(row.workflowId);
    } catch (err) {
      this.deps.logger.warn({ err }, 'process starter: sweep failed; next sweep retries');
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    clearTimeout(this.quiet);
  }

  private drain(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0) {
      const workflowId = this.queue.shift()!;
      this.running++;
      void this.start(workflowId)
        .catch((err: unknown) =>
          this.deps.logger.warn({ err, workflowId }, 'process starter: start failed; the sweep retries it'),
        )
        .finally(() => {
          this.running--;
          this.pending.delete(workflowId);
          this.drain();
        });
    }
  }

  private async start(workflowId: string): Promise<void> {
    const [row] = await this.deps.db.select().from(processStarts).where(eq(processStarts.workflowId, workflowId));
    if (!row || row.startedAt) return;
    try {
      await this.deps.temporal.workflow.start(row.workflowType, {
        workflowId: row.workflowId,
        taskQueue: row.taskQueue,
        args: row.args,
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        await this.deps.db
          .update(processStarts)
          .set({ attempts: sql`${processStarts.attempts} + 1`, lastError: String((err as Error)?.message ?? err) })
          .where(eq(processStarts.workflowId, workflowId));
        throw err;
      }
    }
    await this.deps.db
      .update(processStarts)
      .set({ startedAt: sql`now()`, attempts: sql`${processStarts.attempts} + 1` })
      .where(eq(processStarts.workflowId, workflowId));
  }
}
