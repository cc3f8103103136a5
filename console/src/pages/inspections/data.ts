// The queries the inspection pages share: the units tree for the subtree picker, an inspection,
// and the open human task of an inspection for the signed-in user.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';

export type Unit = components['schemas']['Unit'];
export type Inspection = components['schemas']['Inspection'];
export type Task = components['schemas']['Task'];

export interface UnitNode {
  title: string;
  value: number;
  key: number;
  children: UnitNode[];
}

/** Every unit of the jurisdiction (GET /units, page by page) as a tree for antd TreeSelect. */
export function useUnitTree() {
  return useQuery({
    queryKey: ['units', 'all'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const all: Unit[] = [];
      for (let page = 1; ; page++) {
        const got = await unwrap(api.GET('/units', { params: { query: { page, pageSize: 200 } } }));
        all.push(...got.items);
        if (all.length >= got.total || got.items.length === 0) break;
      }
      const nodes = new Map(
        all.map((u) => [u.id, { title: u.name, value: u.id, key: u.id, children: [] } as UnitNode]),
      );
      const roots: UnitNode[] = [];
      for (const u of [...all].sort((a, b) => a.path.localeCompare(b.path))) {
        const parent = u.parentId === null ? undefined : nodes.get(u.parentId);
        (parent ? parent.children : roots).push(nodes.get(u.id)!);
      }
      return { roots, units: all };
    },
  });
}

export const inspectionKey = (id: string) => ['inspections', 'one', id] as const;

/** Whether the page is still waiting on the workflow: a step just submitted, a notice being issued. */
const following = (followUntil: number, i: Inspection | undefined) =>
  Date.now() < followUntil || (i?.status === 'rectifying' && !i.noticeDocumentId);

export function useInspection(id: string, followUntil = 0) {
  return useQuery({
    queryKey: inspectionKey(id),
    queryFn: () => unwrap(api.GET('/inspections/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (following(followUntil, q.state.data) ? 1500 : false),
  });
}

/** What changes when a step of the inspection is recorded (a new task may then be open). */
export const stepStamp = (i: Inspection | undefined) =>
  i ? [i.status, i.noticeDocumentId, ...i.findings.map((f) => f.status)].join('/') : undefined;

export const INSPECTION_TASK_TYPES = [
  'inspection_self_check',
  'inspection_review',
  'rectification_report',
  'rectification_verification',
] as const;
export type InspectionTaskType = (typeof INSPECTION_TASK_TYPES)[number];

/**
 * The open tasks of this inspection that the signed-in user may complete: those assigned to them
 * and those of their unit and roles (GET /tasks has no process filter; a task's workflow is the
 * inspection).
 */
export function useInspectionTasks(inspectionId: string, inspection: Inspection | undefined, followUntil = 0) {
  return useQuery({
    queryKey: ['tasks', 'inspection', inspectionId, stepStamp(inspection)],
    enabled: !!inspection,
    placeholderData: (previous) => previous,
    // A step's task appears moments after the step opens (the workflow creates it); while none is
    // here for this user and the inspection is still running, look again now and then.
    refetchInterval: (q) =>
      following(followUntil, inspection)
        ? 1500
        : !q.state.data?.length && inspection && !['closed', 'cancelled'].includes(inspection.status)
          ? 5000
          : false,
    queryFn: async () => {
      const scopes = ['mine', 'unit'] as const;
      const pages = await Promise.all(
        scopes.map((scope) =>
          unwrap(api.GET('/tasks', { params: { query: { scope, status: 'open', pageSize: 200 } } })),
        ),
      );
      const seen = new Map<string, Task>();
      for (const t of pages.flatMap((p) => p.items))
        if (t.workflowId === inspectionId && (INSPECTION_TASK_TYPES as readonly string[]).includes(t.type))
          seen.set(t.id, t);
      return [...seen.values()];
    },
  });
}
