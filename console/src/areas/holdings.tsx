import { lazy } from 'react';
import type { Area } from './area.js';

const HoldingList = lazy(() => import('../pages/holdings/HoldingList.js'));
const HoldingDetail = lazy(() => import('../pages/holdings/HoldingDetail.js'));
const HoldingEdit = lazy(() => import('../pages/holdings/HoldingEdit.js'));

export const holdings: Area = {
  path: 'holdings',
  label: '数据资源目录',
  routes: [
    { index: true, element: <HoldingList /> },
    { path: 'new', element: <HoldingEdit /> },
    { path: ':id', element: <HoldingDetail /> },
    { path: ':id/edit', element: <HoldingEdit /> },
  ],
};
