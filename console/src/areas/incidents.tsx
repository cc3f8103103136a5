// 安全事件 (000 第三十一条): reporting (初报, 续报, 终报), the supervising offices' 签收 and 上报, and
// alerts issued from an incident (README, Security incidents).
import { lazy } from 'react';
import type { Area } from './area.js';

const IncidentList = lazy(() => import('../pages/incidents/IncidentList.js'));
const IncidentNew = lazy(() => import('../pages/incidents/IncidentNew.js'));
const IncidentDetail = lazy(() => import('../pages/incidents/IncidentDetail.js'));
const AlertNew = lazy(() => import('../pages/incidents/AlertNew.js'));

export const incidents: Area = {
  path: 'incidents',
  label: '安全事件',
  roles: ['official', 'commission_leader', 'inspector', 'unit_staff', 'unit_leader', 'info_center', 'auditor'],
  routes: [
    { index: true, element: <IncidentList /> },
    { path: 'new', element: <IncidentNew /> },
    { path: ':id', element: <IncidentDetail /> },
    { path: ':id/alert', element: <AlertNew /> },
  ],
};
