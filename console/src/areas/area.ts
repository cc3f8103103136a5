// One area per process or function. An area names its menu entry, the roles that see it and its
// pages (lazy, so each area is its own chunk). A new process adds one file here and one line in
// areas/index.ts (README, Console: adding a process's pages).
import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../auth/session.js';

export interface Area {
  /** Path segment under /app, also the menu key. */
  path: string;
  label: string;
  icon?: ReactNode;
  /** Who sees the menu entry; undefined = everyone signed in. The API still decides what each may do. */
  roles?: readonly Role[];
  /** Routes relative to /app/<path>. */
  routes: RouteObject[];
  /** Hidden from the menu (reached by links), e.g. a task page. */
  hidden?: boolean;
}

export const OFFICIALS: readonly Role[] = ['official', 'commission_leader', 'inspector'];
