import { lazy } from 'react';
import type { Area } from './area.js';

const AuditPage = lazy(() => import('../pages/audit/AuditPage.js'));

export const audit: Area = {
  path: 'audit',
  label: '审计日志',
  roles: ['auditor'],
  routes: [{ index: true, element: <AuditPage /> }],
};
