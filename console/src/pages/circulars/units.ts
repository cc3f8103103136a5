// The units of the user's jurisdiction (GET /units, every page), for the recipient and party pickers.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';

export type Unit = components['schemas']['Unit'];

export function useUnits() {
  return useQuery({
    queryKey: ['units', 'all'],
    staleTime: 300_000,
    queryFn: async () => {
      const all: Unit[] = [];
      for (let page = 1; page <= 50; page++) {
        const answer = await unwrap(api.GET('/units', { params: { query: { page, pageSize: 200 } } }));
        all.push(...answer.items);
        if (all.length >= answer.total || !answer.items.length) break;
      }
      return all;
    },
  });
}

/** A unit's name with the commission it sits under, so two 人民医院 of different districts differ. */
export function unitLabel(unit: Unit, all: Unit[]): string {
  const parent = all.find((u) => u.id === unit.parentId);
  return parent && unit.kind !== 'commission' ? `${unit.name}（${parent.name}）` : unit.name;
}
