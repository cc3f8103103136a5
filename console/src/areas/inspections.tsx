import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import type { Area } from './area.js';

const InspectionsHome = lazy(() => import('../pages/inspections/InspectionsHome.js'));
const PlanStart = lazy(() => import('../pages/inspections/PlanStart.js'));
const PlanDetail = lazy(() => import('../pages/inspections/PlanDetail.js'));
const RunPage = lazy(() => import('../pages/inspections/RunPage.js'));
const InspectionPage = lazy(() => import('../pages/inspections/InspectionPage.js'));

export const inspections: Area = {
  path: 'inspections',
  label: '监督检查',
  icon: <AuditOutlined />,
  routes: [
    { index: true, element: <InspectionsHome /> },
    { path: 'plans/new', element: <PlanStart /> },
    { path: 'plans/:planId', element: <PlanDetail /> },
    { path: 'plans/:planId/runs/:runId', element: <RunPage /> },
    { path: 'records/:inspectionId', element: <InspectionPage /> },
  ],
};
