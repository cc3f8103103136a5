// The human tasks of a process as the pages of circulars and cases use them: the signed-in user's
// open task of one type on one workflow (GET /tasks has no workflow filter, so the unit's open tasks
// of that type are read and matched here), and completing it (POST /tasks/{id}/complete).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';

export type Task = components['schemas']['Task'];

export function useOpenTask(workflowId: string | undefined, type: string, enabled = true) {
  return useQuery({
    queryKey: ['tasks', 'open', type, workflowId],
    enabled: enabled && !!workflowId,
    // The process opens the task a moment after the step before it: look again until it is there.
    refetchInterval: (q) => (q.state.data ? false : 5000),
    queryFn: async (): Promise<Task | null> => {
      for (let page = 1; page <= 5; page++) {
        const answer = await unwrap(
          api.GET('/tasks', { params: { query: { scope: 'unit', type, status: 'open', page, pageSize: 200 } } }),
        );
        const found = answer.items.find((t) => t.workflowId === workflowId);
        if (found) return found;
        if (page * answer.pageSize >= answer.total) break;
      }
      return null;
    },
  });
}

/** Completes a task; afterwards every task list and `refresh` (the page's own query) are read again. */
export function useCompleteTask(refresh: readonly unknown[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Record<string, unknown> }) =>
      unwrap(api.POST('/tasks/{id}/complete', { params: { path: { id } }, body: { input } })),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['tasks'] }),
        client.invalidateQueries({ queryKey: refresh }),
      ]);
    },
  });
}
