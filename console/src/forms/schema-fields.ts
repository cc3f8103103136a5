// What a task's form is made of: the JSON Schema the API gives with every task (zod's
// z.toJSONSchema of the form's one schema) read into field descriptions the renderer draws. Pure
// (no React, no browser), so the mapping is unit-tested on its own and a new process's task needs
// no form code. Names the schema leaves without a title get their Chinese label from
// field-labels.ts.
import { enumLabel, fieldLabel } from './field-labels.js';

export type JsonSchema = Record<string, unknown>;

export interface Option {
  value: string | number | boolean;
  label: string;
}

interface Common {
  label: string;
  help?: string;
  nullable?: boolean;
}

export type Field = Common &
  (
    | { kind: 'object'; fields: Member[] }
    | { kind: 'text'; min?: number; max?: number; pattern?: string; multiline: boolean }
    | { kind: 'date' | 'datetime' }
    | { kind: 'number'; integer: boolean; min?: number; max?: number }
    | { kind: 'boolean' }
    | { kind: 'choice'; options: Option[]; radio: boolean }
    | { kind: 'const'; value: unknown; display: string }
    | { kind: 'files'; max?: number }
    | { kind: 'array'; item: Field; min?: number; max?: number }
    | { kind: 'union'; discriminator: string; branches: Branch[] }
    | { kind: 'json' }
  );

export interface Member {
  name: string;
  required: boolean;
  field: Field;
}

export interface Branch {
  value: string | number | boolean;
  label: string;
  fields: Member[];
}

/** Numbers as large as zod's "safe integer" bounds say nothing a person needs to read. */
const MEANINGFUL = 1e12;
/** Choices up to this many are radio buttons; more are a drop-down. */
const RADIO_MAX = 4;
/** Strings allowed longer than this are a multi-line box. */
const LONG_TEXT = 200;

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Math.abs(v) < MEANINGFUL ? v : undefined);

/** Resolves a local `$ref` (`#/$defs/X`, `#/definitions/X`) against the root schema. */
function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
    const path = s.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    let target: unknown = root;
    for (const part of path) target = isObject(target) ? target[decodeURIComponent(part)] : undefined;
    if (!isObject(target)) return { ...s, $ref: undefined };
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

/** A branch list without its `null` member: zod's `.nullable()` is anyOf [X, {type:'null'}]. */
function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const list = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(list)) {
    const others = list.filter((b) => !(isObject(b) && b.type === 'null'));
    if (others.length < list.length && others.length === 1 && isObject(others[0])) {
      const { anyOf: _a, oneOf: _o, ...rest } = schema;
      return { schema: { ...others[0], ...rest }, nullable: true };
    }
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

/**
 * Choice labels a description spells out, as zod forms write them: "a=中文，b=中文" (also with ","
 * or "；"). Values not named there fall back to field-labels.ts.
 */
export function describedChoices(description: string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  if (!description) return found;
  for (const m of description.matchAll(/([A-Za-z0-9_-]+)\s*[=＝]\s*([^，,；;。）)\s]+)/g)) found.set(m[1]!, m[2]!);
  return found;
}

/** The description without the "a=…，b=…" legend once the choices show it themselves. */
function helpWithoutLegend(description: string | undefined, legend: Map<string, string>): string | undefined {
  if (!description || legend.size === 0) return description;
  const head = description.split(/[：:]/)[0]!;
  return head && !/[=＝]/.test(head) && head !== description ? head : undefined;
}

function options(values: unknown[], legend: Map<string, string>): Option[] {
  return values
    .filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v))
    .map((v) => ({ value: v, label: legend.get(String(v)) ?? enumLabel(String(v)) }));
}

const constOf = (s: unknown): unknown =>
  isObject(s)
    ? 'const' in s
      ? s.const
      : Array.isArray(s.enum) && s.enum.length === 1
        ? s.enum[0]
        : undefined
    : undefined;

/** The property every branch fixes to a different constant, if there is one. */
function discriminatorOf(branches: JsonSchema[]): string | undefined {
  const first = branches[0]?.properties;
  if (!isObject(first)) return undefined;
  return Object.keys(first).find((key) => {
    const seen = new Set<unknown>();
    for (const b of branches) {
      const prop = isObject(b.properties) ? b.properties[key] : undefined;
      const value = constOf(prop);
      if (value === undefined || seen.has(value)) return false;
      seen.add(value);
    }
    return true;
  });
}

const isEvidence = (name: string, items: JsonSchema) =>
  /evidence/i.test(name) && items.type === 'string' && (items.format === 'uuid' || /evidence/i.test(name));

/** The field a (sub)schema stands for; `name` is its property name (for labels and file fields). */
export function fieldOf(input: JsonSchema, name: string, root: JsonSchema = input): Field {
  const { schema, nullable } = withoutNull(deref(input, root));
  const description = str(schema.description);
  const legend = describedChoices(description);
  const label = str(schema.title) ?? fieldLabel(name, description);
  const help = helpWithoutLegend(description, legend);
  const common: Common = { label, ...(help && help !== label ? { help } : {}), ...(nullable ? { nullable } : {}) };

  if ('const' in schema) {
    return { ...common, kind: 'const', value: schema.const, display: enumLabel(String(schema.const)) };
  }
  if (Array.isArray(schema.enum)) {
    const opts = options(schema.enum, legend);
    return { ...common, kind: 'choice', options: opts, radio: opts.length <= RADIO_MAX };
  }
  const alternatives = (schema.oneOf ?? schema.anyOf) as unknown;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    const branches = alternatives.filter(isObject).map((b) => deref(b, root));
    const consts = branches.map(constOf);
    if (consts.every((c) => c !== undefined)) {
      const opts = options(consts, legend).map((o, i) => ({ ...o, label: str(branches[i]!.title) ?? o.label }));
      return { ...common, kind: 'choice', options: opts, radio: opts.length <= RADIO_MAX };
    }
    const discriminator = discriminatorOf(branches);
    if (discriminator) {
      return {
        ...common,
        kind: 'union',
        discriminator,
        branches: branches.map((b) => {
          const value = constOf((b.properties as JsonSchema)[discriminator]) as string | number | boolean;
          return {
            value,
            label: str(b.title) ?? legend.get(String(value)) ?? enumLabel(String(value)),
            fields: membersOf(b, root).filter((m) => m.name !== discriminator),
          };
        }),
      };
    }
    return { ...common, kind: 'json' };
  }

  switch (schema.type) {
    case 'object':
      return { ...common, kind: 'object', fields: membersOf(schema, root) };
    case 'string': {
      if (schema.format === 'date') return { ...common, kind: 'date' };
      if (schema.format === 'date-time') return { ...common, kind: 'datetime' };
      const max = num(schema.maxLength);
      return {
        ...common,
        kind: 'text',
        ...(num(schema.minLength) !== undefined ? { min: num(schema.minLength) } : {}),
        ...(max !== undefined ? { max } : {}),
        ...(str(schema.pattern) && schema.format !== 'uuid' ? { pattern: str(schema.pattern) } : {}),
        multiline: max !== undefined && max > LONG_TEXT,
      };
    }
    case 'integer':
    case 'number':
      return {
        ...common,
        kind: 'number',
        integer: schema.type === 'integer',
        ...(num(schema.minimum) !== undefined ? { min: num(schema.minimum) } : {}),
        ...(num(schema.maximum) !== undefined ? { max: num(schema.maximum) } : {}),
      };
    case 'boolean':
      return { ...common, kind: 'boolean' };
    case 'array': {
      const items = isObject(schema.items) ? deref(schema.items, root) : {};
      const bounds = {
        ...(num(schema.minItems) !== undefined ? { min: num(schema.minItems) } : {}),
        ...(num(schema.maxItems) !== undefined ? { max: num(schema.maxItems) } : {}),
      };
      if (isEvidence(name, items)) return { ...common, kind: 'files', ...(bounds.max ? { max: bounds.max } : {}) };
      return { ...common, kind: 'array', item: fieldOf(items, name, root), ...bounds };
    }
    default:
      return { ...common, kind: 'json' };
  }
}

/** The properties of an object schema, in the schema's order. */
export function membersOf(schema: JsonSchema, root: JsonSchema = schema): Member[] {
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props)
    .filter(([, s]) => isObject(s))
    .map(([name, s]) => ({ name, required: required.has(name), field: fieldOf(s as JsonSchema, name, root) }));
}

/** Values the form starts with: constants filled in, required lists present, `prefill` where its keys match. */
export function initialValues(members: Member[], prefill: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { name, required, field } of members) {
    if (field.kind === 'const') values[name] = field.value;
    else if (prefill[name] !== undefined && prefillFits(field, prefill[name])) values[name] = prefill[name];
    else if (field.kind === 'array' || field.kind === 'files') {
      if (required)
        values[name] =
          field.kind === 'array' && field.min ? Array.from({ length: field.min }, () => blank(field.item)) : [];
    } else if (field.kind === 'object' && required) values[name] = initialValues(field.fields);
  }
  return values;
}

function blank(field: Field): unknown {
  return field.kind === 'object' ? initialValues(field.fields) : undefined;
}

function prefillFits(field: Field, value: unknown): boolean {
  switch (field.kind) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return field.options.some((o) => o.value === value);
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}

/**
 * The form's values as the API's input: optional fields left empty are left out (an empty string
 * is not an answer), dates as ISO text, numbers typed in as numbers.
 */
export function toInput(members: Member[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, required, field } of members) {
    const value = convert(field, values?.[name]);
    if (value === undefined) {
      if (field.nullable && !required) continue;
      if (required && field.nullable) out[name] = null;
      continue;
    }
    out[name] = value;
  }
  return out;
}

function convert(field: Field, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case 'const':
      return field.value;
    case 'text':
      return typeof value === 'string' && value.trim() === '' ? undefined : value;
    case 'date':
    case 'datetime': {
      const v = value as { toISOString?: () => string; format?: (f: string) => string };
      if (field.kind === 'date' && v.format) return v.format('YYYY-MM-DD');
      return v.toISOString ? v.toISOString() : value;
    }
    case 'object':
      return toInput(field.fields, value as Record<string, unknown>);
    case 'union': {
      const chosen = (value as Record<string, unknown>)[field.discriminator];
      const branch = field.branches.find((b) => b.value === chosen);
      if (!branch) return undefined;
      return { [field.discriminator]: chosen, ...toInput(branch.fields, value as Record<string, unknown>) };
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => convert(field.item, v)).filter((v) => v !== undefined) : value;
    case 'files':
      return Array.isArray(value) ? value.map((f) => (isObject(f) && typeof f.id === 'string' ? f.id : f)) : value;
    case 'json':
      if (typeof value !== 'string') return value;
      if (value.trim() === '') return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    default:
      return value;
  }
}
