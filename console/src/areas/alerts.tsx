// 预警通报: alerts issued from incidents; recipients sign and reply with their self-check here.
import { lazy } from 'react';
import type { Area } from './area.js';

const AlertList = lazy(() => import('../pages/alerts/AlertList.js'));
const AlertDetail = lazy(() => import('../pages/alerts/AlertDetail.js'));

export const alerts: Area = {
  path: 'alerts',
  label: '预警通报',
  roles: ['official', 'commission_leader', 'inspector', 'unit_staff', 'unit_leader', 'info_center', 'auditor'],
  routes: [
    { index: true, element: <AlertList /> },
    { path: ':id', element: <AlertDetail /> },
  ],
};
