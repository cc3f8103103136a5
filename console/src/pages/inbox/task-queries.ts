// The inbox's reads and actions. Every action refreshes the lists and the menu's badge (both under
// the ['tasks'] key), so what the person sees is what the API now says.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { operations } from '../../api/schema.js';
import { INBOX_COUNT_KEY } from '../../layout/inbox-count.js';

export type TaskQuery = NonNullable<operations['getTasks']['parameters']['query']>;

export const TASKS_KEY = ['tasks'] as const;

export function useTasks(query: TaskQuery) {
  return useQuery({
    queryKey: [...TASKS_KEY, 'list', query],
    queryFn: () => unwrap(api.GET('/tasks', { params: { query } })),
    placeholderData: (previous) => previous,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: [...TASKS_KEY, 'one', id],
    queryFn: () => unwrap(api.GET('/tasks/{id}', { params: { path: { id } } })),
  });
}

/** Deadline policies, for the basis of a task's time limit. */
export function useDeadlinePolicies() {
  return useQuery({
    queryKey: ['deadline-policies'],
    queryFn: () => unwrap(api.GET('/deadline-policies')),
    staleTime: 10 * 60_000,
  });
}

export function useRefreshTasks() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: TASKS_KEY }),
      client.invalidateQueries({ queryKey: INBOX_COUNT_KEY }),
    ]);
}

/** Claim or release a task; a refusal (a colleague holds it: the API names them) is shown as it says. */
export function useClaim() {
  const refresh = useRefreshTasks();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: ({ id, release }: { id: string; release?: boolean }) =>
      unwrap(
        release
          ? api.POST('/tasks/{id}/unclaim', { params: { path: { id } } })
          : api.POST('/tasks/{id}/claim', { params: { path: { id } } }),
      ),
    onSuccess: (_, { release }) =>
      void message.success(release ? '已释放，任务回到本单位待办。' : '已认领，其他同事将看不到这项任务。'),
    onError: (e) => void message.error({ content: messageOf(e), duration: 8 }),
    onSettled: () => refresh(),
  });
}
