import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { unwrap } from '../api/errors.js';

export const INBOX_COUNT_KEY = ['tasks', 'count'] as const;

/** Open tasks the user may act on, for the menu's badge; refreshed every minute and after each action. */
export function useInboxCount(): number {
  const count = useQuery({
    queryKey: INBOX_COUNT_KEY,
    queryFn: async () => (await unwrap(api.GET('/tasks', { params: { query: { pageSize: 1 } } }))).total,
    refetchInterval: 60_000,
  });
  return count.data ?? 0;
}
