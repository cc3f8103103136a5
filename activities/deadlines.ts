// The deadline activity: reads the named policy and counts it from now (domain/deadline-arithmetic.ts).
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deadlinePolicies } from '../db/schema.js';
import type { DeadlinePolicy } from '../domain/deadlines.js';
import { deadlineFrom, type Deadline } from '../domain/deadline-arithmetic.js';

export function createDeadlineActivities(db: Db, clock: () => Date) {
  return {
    /**
     * Deadline for the named policy counted from now (or `from`); `own` is a process's own period
     * (e.g. an inspection plan's rectification window), which takes the policy's place.
     */
    async computeDeadline(policyKey: string, from?: string, own?: DeadlinePolicy): Promise<Deadline> {
      const start = from ? new Date(from) : clock();
      if (own) return deadlineFrom(own, start);
      const [policy] = await db.select().from(deadlinePolicies).where(eq(deadlinePolicies.key, policyKey));
      // A missing policy does not appear on a retry: the process fails and says why.
      if (!policy) throw ApplicationFailure.nonRetryable(`没有名为 ${policyKey} 的期限策略。`, 'DeadlinePolicyMissing');
      return deadlineFrom(policy, start);
    },
  };
}
