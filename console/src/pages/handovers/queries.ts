// The handover's reads, shared by its pages (one query key per handover, so an action on one page
// refreshes the others).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import type { Me } from '../../auth/session.js';

/** One line of a transfer list: the register's fields, linked to the row it came from. */
export type TransferItem = Omit<components['schemas']['CreateDataHolding'], 'unitId'> & { holdingId?: number };
export type Task = components['schemas']['Task'];
export type OpenTask = components['schemas']['Handover']['openTasks'][number];

export const handoverKey = (id: string) => ['handovers', id] as const;

/** Archived or cancelled: nothing more will happen to it. */
export const hasEnded = (h: { status: components['schemas']['Handover']['status'] }) =>
  h.status === 'archived' || h.status === 'cancelled';

/** Between two steps (no one's task open, not yet ended) the process is at work: the page follows it. */
const FOLLOW_MS = 2_000;

export function useHandover(id: string) {
  return useQuery({
    queryKey: handoverKey(id),
    queryFn: () => unwrap(api.GET('/handovers/{id}', { params: { path: { id } } })),
    refetchInterval: (q) =>
      q.state.data && !hasEnded(q.state.data) && q.state.data.openTasks.length === 0 ? FOLLOW_MS : false,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: ['tasks', id],
    queryFn: () => unwrap(api.GET('/tasks/{id}', { params: { path: { id } } })),
  });
}

/** Units the user may see (their jurisdiction, or their own unit), for pickers and names. */
export function useUnits() {
  return useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => unwrap(api.GET('/units', { params: { query: { pageSize: 200 } } })),
    staleTime: 5 * 60_000,
  });
}

/** Whether the open task is addressed to the user (their unit and their role). */
export const isMine = (me: Me, t: OpenTask) =>
  t.assigneeUnitId === me.unitId && (!t.assigneeRole || me.roles.includes(t.assigneeRole as Me['roles'][number]));

/** Items of a list as stored (draft or round), typed by the register's fields. */
export const asItems = (items: unknown[]): TransferItem[] => items as TransferItem[];
