import { lazy } from 'react';
import type { Area } from './area.js';

const CircularList = lazy(() => import('../pages/circulars/CircularList.js'));
const CircularDraft = lazy(() => import('../pages/circulars/CircularDraft.js'));
const CircularDetail = lazy(() => import('../pages/circulars/CircularDetail.js'));
const NoticeDraft = lazy(() => import('../pages/circulars/NoticeDraft.js'));
const NoticeDetail = lazy(() => import('../pages/circulars/NoticeDetail.js'));

export const circulars: Area = {
  path: 'circulars',
  label: '通报与通知',
  routes: [
    { index: true, element: <CircularList /> },
    { path: 'new', element: <CircularDraft /> },
    { path: 'notices/new', element: <NoticeDraft /> },
    { path: 'notices/:id', element: <NoticeDetail /> },
    { path: ':id', element: <CircularDetail /> },
  ],
};
