// Text PostgreSQL can store. A NUL character or a lone UTF-16 surrogate passes JSON and zod but
// fails in PostgreSQL (22P05/22021) and does not survive a JSON round trip, so it is refused at the
// edge and again in every workflow validator, before it can enter history. No I/O here: the
// workflows use it too.
import type { FieldError } from './tasks.js';

/** Whether `s` is text PostgreSQL can store: well-formed UTF-16 without NUL. */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && (s as string & { isWellFormed(): boolean }).isWellFormed();
}

const MESSAGE = '含有无法保存的字符（NUL 空字符或不成对的 UTF-16 代理项）';

/** Deeper than any form or request of ours; walking further would only risk the stack. */
const MAX_DEPTH = 32;

/**
 * A field error (path as `a.0.b`, as zod's) for every string, keys included, in `value` that is
 * not storable text, and for nesting deeper than any of our forms. At most 20 errors.
 */
export function unstorableText(value: unknown, path = '', errors: FieldError[] = [], depth = 0): FieldError[] {
  if (errors.length >= 20) return errors;
  if (typeof value === 'string') {
    if (!isStorableText(value)) errors.push({ field: path, message: MESSAGE });
  } else if (value !== null && typeof value === 'object') {
    if (depth >= MAX_DEPTH) {
      errors.push({ field: path, message: `嵌套层级超过 ${MAX_DEPTH}` });
      return errors;
    }
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (!isStorableText(k)) errors.push({ field: at, message: `字段名${MESSAGE}` });
      else unstorableText(v, at, errors, depth + 1);
    }
  }
  return errors;
}
