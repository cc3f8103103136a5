// One registration per process (issue 11, item 18): domain/processes.ts names what each process
// put in every shared list, and this test fails when a list misses a registered process or holds
// something no process registered — so a new process is either complete or red here.
import { readdirSync } from 'node:fs';
import { getTableName, isTable, type Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as workflows from '../workflows/index.js';
import * as schema from '../db/schema.js';
import { createActivities } from '../activities/index.js';
import { DEFAULT_POLICIES } from '../db/default-policies.js';
import { TASK_FORMS } from '../domain/task-forms.js';
import { PROCESSES, type ProcessRegistration } from '../domain/processes.js';
import { HISTORIES_DIR } from './support/histories.js';
import { createTestApp, type TestApp } from './support/app.js';

const registered: readonly ProcessRegistration[] = PROCESSES;
const all = <K extends keyof ProcessRegistration>(key: K) =>
  registered.flatMap((p) => p[key] as ProcessRegistration[K] & readonly unknown[]);
const sorted = (values: Iterable<string>) => [...values].sort();

describe('the process registry (domain/processes.ts) and the shared lists agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ taskQueue: 'process-registry' });
  });
  afterAll(() => t?.close());

  it('keys are unique and each list names a thing once', () => {
    expect(new Set(registered.map((p) => p.key)).size).toBe(registered.length);
    for (const key of ['workflows', 'taskTypes', 'routes', 'starts', 'tables', 'histories'] as const) {
      const values = all(key);
      expect(new Set(values).size, key).toBe(values.length);
    }
  });

  it('workflows/index.ts exports exactly the registered workflows (the worker registers that module)', () => {
    expect(sorted(Object.keys(workflows))).toEqual(sorted(all('workflows') as string[]));
    for (const name of all('workflows') as string[])
      expect(typeof (workflows as Record<string, unknown>)[name], name).toBe('function');
  });

  it("createActivities (activities/index.ts) holds every activity of each process's factory", async () => {
    const db = t.database.db;
    const clock = () => new Date();
    const activities = createActivities({ db, renderer: t.renderer, clock });
    for (const process of registered) {
      if (!process.activities) continue;
      const file = new URL(`../activities/${process.activities.file}.ts`, import.meta.url).href;
      const module: Record<string, unknown> = await import(/* @vite-ignore */ file);
      const factory = module[process.activities.factory] as (db: unknown, clock: () => Date) => object;
      expect(typeof factory, `${process.key}: ${process.activities.factory}`).toBe('function');
      const names = Object.keys(factory(db, clock));
      expect(names.length, process.key).toBeGreaterThan(0);
      expect(Object.keys(activities), process.key).toEqual(expect.arrayContaining(names));
    }
  });

  it('every task type has its form in domain/task-forms.ts, and every form belongs to a process', () => {
    expect(sorted(Object.keys(TASK_FORMS))).toEqual(sorted(all('taskTypes') as string[]));
  });

  it('every policy a process reads has its default in db/default-policies.ts, and no default is orphaned', () => {
    expect(sorted(DEFAULT_POLICIES.map((p) => p.key))).toEqual(sorted(new Set(all('policies') as string[])));
  });

  it("each process's tables are tables of db/schema.ts", () => {
    for (const name of all('tables') as string[]) {
      const table = (schema as Record<string, unknown>)[name];
      expect(isTable(table), name).toBe(true);
      expect(getTableName(table as Table).length, name).toBeGreaterThan(0);
    }
  });

  it("api/app.ts mounts each process's routes and documents its starts", async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    const paths = Object.keys(doc.paths);
    for (const prefix of all('routes') as string[])
      expect(
        paths.some((p) => p === prefix || p.startsWith(`${prefix}/`)),
        prefix,
      ).toBe(true);
    for (const start of all('starts') as string[]) {
      const [method, path] = start.split(' ') as [string, string];
      expect(doc.paths[path]?.[method.toLowerCase()], start).toBeDefined();
    }
  });

  it('test/histories holds exactly the registered histories (test/replay.test.ts replays each)', () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(sorted(files)).toEqual(sorted(all('histories') as string[]));
    for (const process of registered)
      if (process.taskTypes.length) expect(process.histories.length, process.key).toBeGreaterThan(0);
  });
});
