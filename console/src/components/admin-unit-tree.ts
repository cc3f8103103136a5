// The units of the user's jurisdiction as a tree, for the units page and for unit pickers in
// administration and audit. GET /units answers pages of at most 200, ordered by path; a tree
// needs all of them, so the pages are read in turn.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { unwrap } from '../api/errors.js';
import type { components } from '../api/schema.js';

export type Unit = components['schemas']['Unit'];

export const UNIT_KIND_NAMES: Record<Unit['kind'], string> = {
  commission: '卫生健康委',
  hospital: '医院',
  cdc: '疾病预防控制中心',
  info_center: '全民健康信息中心',
  other: '其他单位',
};

export const UNITS_KEY = ['units', 'all'] as const;

export function useAllUnits() {
  return useQuery({
    queryKey: UNITS_KEY,
    queryFn: async () => {
      const all: Unit[] = [];
      for (let page = 1; ; page++) {
        const answer = await unwrap(api.GET('/units', { params: { query: { page, pageSize: 200 } } }));
        all.push(...answer.items);
        if (answer.items.length === 0 || all.length >= answer.total) return all;
      }
    },
  });
}

export interface UnitNode {
  key: number;
  value: number;
  title: string;
  children?: UnitNode[];
}

/** Nests units under their parents; a unit whose parent is outside the jurisdiction is a root. */
export function unitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>();
  for (const unit of units) nodes.set(unit.id, { key: unit.id, value: unit.id, title: unit.name });
  const roots: UnitNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId === null ? undefined : nodes.get(unit.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
