// The API's 422 names each field by its path (`items.0.encryption`, `recipients.unitIds.1`,
// `answers[backup-drill].evidenceIds`); each form names its fields a little differently. This puts
// every message on the form field it is about and tells the page what it could not place, so the
// page shows those on their own instead of losing them.
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface.js';
import { ApiError, messageOf, type FieldError } from '../api/errors.js';

export type NamePath = (string | number)[];

/** The form's name for an API field (given as a name path, and as sent), or undefined if the form has none. */
export type PlaceField = (path: NamePath, field: string) => NamePath | undefined;

/** `a.b.0.c` (or `a.b[0].c`) as an antd name path: numbers become list indexes. */
export const namePath = (field: string): NamePath =>
  field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export interface Placement {
  /** The error named fields and every one of them is now shown on its field. */
  allPlaced: boolean;
  /** The field errors no field of the form shows (a request-wide one, or a field the form lacks). */
  unplaced: FieldError[];
}

/**
 * Shows each field error on its field (several on one field together) and answers what was left over.
 * An error about the whole request (no field) is never placed: the page shows it.
 */
export function placeFieldErrors(form: FormInstance, error: unknown, place: PlaceField = (p) => p): Placement {
  if (!(error instanceof ApiError) || error.fields.length === 0) return { allPlaced: false, unplaced: [] };
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: FieldError[] = [];
  for (const f of error.fields) {
    const path = namePath(f.field);
    const name = path.length ? place(path, f.field) : undefined;
    if (!name) {
      unplaced.push(f);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byName.set(key, entry);
  }
  form.setFields([...byName.values()]);
  return { allPlaced: unplaced.length === 0, unplaced };
}

/** Places the fields named (by the first part of their path) as they are, and no other. */
export const onlyFields =
  (names: readonly string[]): PlaceField =>
  (p) =>
    names.includes(String(p[0])) ? p : undefined;

/** The fields the form holds a value for. */
const heldBy = (form: FormInstance): PlaceField => onlyFields(Object.keys(form.getFieldsValue(true) as object));

/** A refusal shown where it belongs: field errors on their fields, anything else as a message at the top of the page. */
export function showRefusal(
  error: unknown,
  form: FormInstance,
  message: MessageInstance,
  place: PlaceField = heldBy(form),
): void {
  if (!placeFieldErrors(form, error, place).allPlaced) void message.error(messageOf(error));
}
