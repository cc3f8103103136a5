// 应急预案与演练: emergency plans and their drills (000 第三十一条), backups and restore drills
// (000 第十四条、第十五条; 001 第九条).
import { lazy } from 'react';
import type { Area } from './area.js';

const ContinuityHome = lazy(() => import('../pages/continuity/ContinuityHome.js'));
const PlanNew = lazy(() => import('../pages/continuity/PlanNew.js'));
const PlanDetail = lazy(() => import('../pages/continuity/PlanDetail.js'));
const RestoreDrillNew = lazy(() => import('../pages/continuity/RestoreDrillNew.js'));
const BackupNew = lazy(() => import('../pages/continuity/BackupNew.js'));

export const continuity: Area = {
  path: 'continuity',
  label: '应急预案与演练',
  roles: ['official', 'commission_leader', 'inspector', 'unit_staff', 'unit_leader', 'info_center', 'auditor'],
  routes: [
    { index: true, element: <ContinuityHome /> },
    { path: 'plans/new', element: <PlanNew /> },
    { path: 'plans/:id', element: <PlanDetail /> },
    { path: 'restore-drills/new', element: <RestoreDrillNew /> },
    { path: 'backups/new', element: <BackupNew /> },
  ],
};
