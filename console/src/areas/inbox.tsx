import { lazy } from 'react';
import type { Area } from './area.js';

const InboxPage = lazy(() => import('../pages/inbox/InboxPage.js'));
const TaskPage = lazy(() => import('../pages/inbox/TaskPage.js'));

export const inbox: Area = {
  path: 'inbox',
  label: '待办',

  routes: [
    { index: true, element: <InboxPage /> },
    { path: 'tasks/:id', element: <TaskPage /> },
  ],
};
