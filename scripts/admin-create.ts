// `npm run admin:create`: the first administrator of a real deployment (demo mode seeds its own).
// Usage: npm run admin:create -- --username wang.admin --real-name 王建国 \
//          --unit-name 河南省卫生健康委员会 --org-code 11410000MB0000001A [--doc-prefix 豫卫] < password-file
// The password is prompted for (twice, not echoed) on a terminal, else read from stdin; never from
// the command line, where `ps` and shell history would keep it.
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { ConfigError, loadEnv } from '../config/env.js';
import { connectDatabase } from '../db/client.js';
import { hashPassword } from '../db/passwords.js';
import { appendAudit } from '../db/audit.js';
import { units, users } from '../db/schema.js';
import { passwordProblems } from '../api/auth/password-rule.js';
import { prepareDatabase } from '../db/prepare.js';

class UsageError extends Error {}

const USAGE =
  'usage: npm run admin:create -- --username NAME --real-name 姓名 --unit-name 单位名称 --org-code CODE [--doc-prefix 豫卫]\n' +
  '       (the password is prompted for, or read from stdin: printf %s "$PASSWORD" | npm run admin:create -- …)';

function readArgs(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        username: { type: 'string' },
        'real-name': { type: 'string' },
        'unit-name': { type: 'string' },
        'org-code': { type: 'string' },
        'doc-prefix': { type: 'string' },
        password: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.password !== undefined)
    throw new UsageError(
      'admin:create does not take the password on the command line (ps and shell history keep it): type it at the prompt or pipe it to stdin',
    );
  const username = v.username?.trim() ?? '';
  if (!/^[a-z0-9._-]{3,40}$/.test(username))
    throw new UsageError(`--username must be 3–40 lowercase letters, digits, dots, dashes or underscores\n${USAGE}`);
  const realName = v['real-name']?.trim() ?? '';
  if (realName.length < 2 || realName.length > 50)
    throw new UsageError(`--real-name must be 2–50 characters\n${USAGE}`);
  const unitName = v['unit-name']?.trim() ?? '';
  const orgCode = v['org-code']?.trim() ?? '';
  if (!unitName || !orgCode) throw new UsageError(`--unit-name and --org-code name the administrator's unit\n${USAGE}`);
  return { username, realName, unitName, orgCode, docPrefix: v['doc-prefix']?.trim() || undefined };
}

/** One line typed without echo (a terminal), or all of stdin up to its end minus one trailing newline. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(prompt);
      let typed = '';
      process.stdin.setRawMode(true);
      process.stdin.resume();
      const onData = (data: Buffer) => {
        for (const ch of data.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            process.stdin.off('data', onData);
            process.stdin.setRawMode(false);
            process.stdin.pause();
            process.stderr.write('\n');
            resolve(typed);
            return;
          }
          if (ch === '\u0003') process.exit(130);
          if (ch === '\u007f') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      process.stdin.on('data', onData);
    });
  const first = await ask('Password: ');
  if ((await ask('Again: ')) !== first) throw new UsageError('the two passwords differ');
  return first;
}

async function main(): Promise<number> {
  const env = loadEnv();
  const args = readArgs(process.argv.slice(2));
  const password = await readPassword();
  const problems = passwordProblems(password, args);
  if (problems.length) throw new UsageError(`password refused: ${problems.map((p) => p.message).join('; ')}`);
  if (!env.DATABASE_URL)
    throw new UsageError('admin:create needs DATABASE_URL (the embedded demo database has its demo admin)');
  await prepareDatabase(env, env.DATABASE_OWNER_URL ?? env.DATABASE_URL, env.DATABASE_URL);
  const database = connectDatabase(env.DATABASE_URL, { max: 1 });
  try {
    const passwordHash = await hashPassword(password);
    const created = await database.db.transaction(async (tx) => {
      // One first administrator even when two operators run this at once.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('duban:admin-create'))`);
      const admins = await tx
        .select({ username: users.username })
        .from(users)
        .where(sql`'admin' = any(${users.roles})`)
        .limit(1);
      if (admins.length)
        throw new UsageError(
          `an administrator exists already (${admins[0]!.username}): further users are created through the API (POST /users)`,
        );
      let [unit] = await tx.select().from(units).where(eq(units.orgCode, args.orgCode));
      if (!unit) {
        const [root] = await tx.select({ id: units.id }).from(units).limit(1);
        if (root)
          throw new UsageError(
            `no unit has organisation code ${args.orgCode}: name an existing unit, or an empty database`,
          );
        const [inserted] = await tx
          .insert(units)
          .values({
            orgCode: args.orgCode,
            name: args.unitName,
            kind: 'commission',
            docPrefix: args.docPrefix,
            path: '',
          })
          .returning();
        [unit] = await tx
          .update(units)
          .set({ path: `/${inserted!.id}/` })
          .where(eq(units.id, inserted!.id))
          .returning();
        await appendAudit(tx, {
          action: 'create',
          objectType: 'unit',
          objectId: unit!.id,
          outcome: 'success',
          detail: { orgCode: args.orgCode, name: args.unitName, by: 'admin:create' },
        });
      }
      const [user] = await tx
        .insert(users)
        .values({ username: args.username, realName: args.realName, unitId: unit!.id, roles: ['admin'], passwordHash })
        .onConflictDoNothing({ target: users.username })
        .returning({ id: users.id });
      // Rolls the unit back too: nothing is left half-made.
      if (!user) throw new UsageError(`username ${args.username} is taken: choose another --username`);
      await appendAudit(tx, {
        action: 'create',
        objectType: 'user',
        objectId: user!.id,
        outcome: 'success',
        detail: { username: args.username, unitId: unit!.id, roles: ['admin'], by: 'admin:create' },
      });
      return { unit: unit!, userId: user!.id };
    });
    process.stderr.write(
      `administrator ${args.username} (${args.realName}, ${created.unit.name}) created; sign in with POST /auth/login\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof ConfigError || err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`admin:create failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
