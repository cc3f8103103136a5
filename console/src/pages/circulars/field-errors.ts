// The API's 422 names fields by path ("paragraphs.0", "recipients.unitIds.1"); the forms here name
// theirs a little differently. This puts each message on the form field it is about, and tells the
// caller whether any landed (else the page shows the message on its own).
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/errors.js';

export type NamePath = (string | number)[];

/** `rename` maps an API path to the form's name for it, or undefined to leave it unplaced. */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  rename: (path: string[]) => NamePath | undefined = (p) => p.map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
): boolean {
  if (!(error instanceof ApiError) || !error.fields.length) return false;
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  for (const f of error.fields) {
    const name = rename(f.field.split('.'));
    if (!name) continue;
    const key = JSON.stringify(name);
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byName.set(key, entry);
  }
  form.setFields([...byName.values()]);
  return byName.size > 0;
}
