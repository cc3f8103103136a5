import { lazy } from 'react';
import { OFFICIALS, type Area } from './area.js';

const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage.js'));

export const dashboard: Area = {
  path: 'dashboard',
  label: '首页',
  roles: OFFICIALS,
  routes: [{ index: true, element: <DashboardPage /> }],
};
