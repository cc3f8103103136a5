// Sign-in attempts are counted before the password is checked, in one statement per attempt, so
// parallel guesses cannot all be checked before the count catches up: the first
// MAX_FAILED_LOGINS attempts since the last success are checked, every later one is refused
// until the lockout ends. Usernames without an account are counted the same way (in
// login_attempts), so lockout does not tell which accounts exist.
import { and, eq, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/audit.js';
import { loginAttempts, users } from '../../db/schema.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** One attempt on an account (`userId`) or on a name without one (`username`). */
export type AttemptSubject = { userId: number } | { username: string };

/** The form of a username used for lookups and for counting: NFKC, trimmed, lower case. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/**
 * Counts one attempt and answers whether it may be checked (false: locked). The attempt that
 * reaches MAX_FAILED_LOGINS arms the lockout; a success clears it (`clearAttempts`). An expired
 * lockout starts the count again.
 */
export async function countAttempt(db: Db, subject: AttemptSubject): Promise<{ mayCheck: boolean }> {
  const lockout = sql`now() + ${`${LOCKOUT_MS} milliseconds`}::interval`;
  const next = (count: SQL, locked: SQL) => ({
    failedLogins: sql`case when ${locked} <= now() then 1 else ${count} + 1 end`,
    lockedUntil: sql`case when ${locked} <= now() then null when ${locked} is null and ${count} + 1 >= ${MAX_FAILED_LOGINS} then ${lockout} else ${locked} end`,
  });
  let rows: { failedLogins: number }[];
  if ('userId' in subject) {
    rows = await db
      .update(users)
      .set(next(sql`${users.failedLogins}`, sql`${users.lockedUntil}`))
      .where(eq(users.id, subject.userId))
      .returning({ failedLogins: users.failedLogins });
  } else {
    rows = await db
      .insert(loginAttempts)
      .values({ username: subject.username, failedLogins: 1, lockedUntil: MAX_FAILED_LOGINS <= 1 ? lockout : null })
      .onConflictDoUpdate({
        target: loginAttempts.username,
        set: { ...next(sql`${loginAttempts.failedLogins}`, sql`${loginAttempts.lockedUntil}`), updatedAt: sql`now()` },
      })
      .returning({ failedLogins: loginAttempts.failedLogins });
  }
  return { mayCheck: (rows[0]?.failedLogins ?? Infinity) <= MAX_FAILED_LOGINS };
}

/**
 * Resets the account's count after a right password, unless more than MAX_FAILED_LOGINS attempts
 * were counted meanwhile (guesses raced the check): then the success is refused like a locked
 * attempt and the lockout stands. Returns whether the sign-in may go ahead.
 */
export async function clearAttempts(tx: Tx, userId: number): Promise<boolean> {
  const cleared = await tx
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(and(eq(users.id, userId), lte(users.failedLogins, MAX_FAILED_LOGINS)))
    .returning({ id: users.id });
  return cleared.length > 0;
}
