// What every task form is built from: one strict zod schema per form (issue 10, item 10), used by
// the workflow's Update validator, by the API before the Update, and (as JSON Schema) by the
// task's `formSchema`. zod is pure, so the workflow bundle carries it. No I/O here.
import { z } from 'zod';
import './zod-locale.js';
import { isStorableText } from './text.js';
import type { FieldError } from './tasks.js';

/** Largest id PostgreSQL's `integer` columns hold. */
export const INT32_MAX = 2_147_483_647;

/** Trimmed text of `min`–`max` characters that PostgreSQL can store; `message` replaces zod's length messages. */
export const text = (max: number, min = 1, message?: string) =>
  z
    .string()
    .trim()
    .min(min, message)
    .max(max, message)
    .refine(isStorableText, { message: '含有无法保存的字符（NUL 空字符或不成对的 UTF-16 代理项）' });

/** A row id: a positive integer within PostgreSQL's `integer`. */
export const rowId = () => z.number().int().min(1).max(INT32_MAX);

/** Ids of evidence files uploaded to the inspection (checked against the database by the API). */
export const evidenceIds = () => z.array(z.uuid()).max(20);

const BUILT_FORM = Symbol('lazyForm.built');

/**
 * A form schema built when it is first used, not when its module loads. In the workflow bundle a
 * new workflow runs the module scope of every file it imports (scripts/workflow-bundle-options.ts),
 * and building zod schemas there was a large part of a new inspection's first activation while it
 * used none of its forms yet (README, Benchmarks: bench:inspection). The result stands in for the
 * schema everywhere (same type; `instanceof`, methods and `.extend()` reach the built schema), so
 * `export const XForm = lazyForm(() => z.strictObject({ … }))` is a drop-in for the eager form.
 */
export function lazyForm<T extends z.ZodType>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => (key === BUILT_FORM ? real() : Reflect.get(real(), key, real())),
    set: (_, key, value) => Reflect.set(real(), key, value, real()),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: the stand-in's own (empty) target holds none of them, which a Proxy
    // may only claim for configurable properties.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
  });
}

/** The schema itself behind a `lazyForm` (registries such as zod's metadata know only that one). */
export const builtForm = <T extends z.ZodType>(schema: T): T =>
  (schema as unknown as Record<symbol, T | undefined>)[BUILT_FORM] ?? schema;

/** `items.0.kind`-style field errors of `input` against `schema`; empty when it conforms. */
export function formErrors(schema: z.ZodType, input: unknown): FieldError[] {
  const result = builtForm(schema).safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

/** The JSON Schema a task shows with its form: the input side of the zod schema. */
export function formJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(builtForm(schema), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
