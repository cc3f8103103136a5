// The API's field errors (`items.0.encryption`) on the antd form fields they name.
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/errors.js';

/** `a.b.0.c` (or `a.b[0].c`) as an antd name path: numbers become list indexes. */
export const namePath = (field: string) =>
  field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** Puts each field error on its field; answers the errors no field of the form shows. */
export function showFieldErrors(form: FormInstance, error: unknown, known: (path: (string | number)[]) => boolean) {
  if (!(error instanceof ApiError)) return [];
  const rest: string[] = [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const f of error.fields) {
    const name = namePath(f.field);
    if (!known(name)) {
      rest.push(f.message);
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return rest;
}
