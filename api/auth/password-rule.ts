// What a new password must be (NIST SP 800-63B 3.1.1.2; OWASP ASVS 5.0 V6.2): at least 12
// characters, not a commonly used password, not built from words of this system or of the
// account itself — and no composition rules (no "one digit, one symbol"), which make passwords
// harder to remember without making them harder to guess. Applies wherever a password is set.
import { readFileSync } from 'node:fs';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** Stable codes for programs; the messages are for people. */
export type PasswordProblemCode = 'password_too_short' | 'password_too_long' | 'password_common' | 'password_context';

export interface PasswordProblem {
  field: 'password';
  code: PasswordProblemCode;
  message: string;
}

/** What the password must not be built from: the account's names, its unit, the system's name. */
export interface PasswordContext {
  username: string;
  realName: string;
  unitName: string;
}

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('# ')),
);

const SYSTEM_WORDS = ['duban', '督办'];

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** A run of one character, or of consecutive ones (`aaaaaaaaaaaa`, `123456789012`, `abcdefghijkl`). */
function isRepetitiveOrSequential(p: string): boolean {
  const points = [...p].map((ch) => ch.codePointAt(0)!);
  if (new Set(points).size <= 2) return true;
  const steps = new Set(points.slice(1).map((cp, i) => cp - points[i]!));
  // 9→0 in a digit run such as 8901234 counts as the next digit.
  const digitWrap = points.every((cp) => cp >= 48 && cp <= 57) && [...steps].every((d) => d === 1 || d === -9);
  return steps.size === 1 || digitWrap;
}

/** A common password, also with digits or symbols added around it (`password1234`, `!qwertyuiop!`). */
function isCommon(p: string): boolean {
  if (COMMON.has(p) || isRepetitiveOrSequential(p)) return true;
  const core = p.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  return core.length >= 4 && COMMON.has(core);
}

/** Words of the account the password may not contain: the username (and its parts), the real name, the unit's name. */
function contextWords(context: PasswordContext): string[] {
  const username = fold(context.username);
  const parts = username.split(/[._-]+/).filter((w) => w.length >= 4);
  return [...SYSTEM_WORDS, username, ...parts, fold(context.realName), fold(context.unitName)].filter(
    (w) => w.length >= 2,
  );
}

/** The problems with `password` as a new password for the account in `context` (empty: acceptable). */
export function passwordProblems(password: string, context: PasswordContext): PasswordProblem[] {
  const length = [...password].length; // code points: 一个汉字 is one character
  if (length < MIN_PASSWORD_LENGTH)
    return [
      {
        field: 'password',
        code: 'password_too_short',
        message: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符（当前 ${length} 个）；可以用一句好记的话作密码。`,
      },
    ];
  if (length > MAX_PASSWORD_LENGTH)
    return [{ field: 'password', code: 'password_too_long', message: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符。` }];
  const p = fold(password);
  if (isCommon(p.replace(/\s+/g, '')))
    return [
      { field: 'password', code: 'password_common', message: '这是常见密码或其简单变形，容易被猜中；请换一个。' },
    ];
  const word = contextWords(context).find((w) => p.replace(/\s+/g, '').includes(w.replace(/\s+/g, '')));
  if (word)
    return [
      {
        field: 'password',
        code: 'password_context',
        message: '密码不能包含用户名、姓名、单位名称或系统名称（如“督办”“duban”）；请换一个。',
      },
    ];
  return [];
}
