import { lazy } from 'react';
import { Navigate } from 'react-router';
import type { Area } from './area.js';

const AdminTabs = lazy(() => import('../pages/admin/AdminTabs.js'));
const UnitsPage = lazy(() => import('../pages/admin/UnitsPage.js'));
const UsersPage = lazy(() => import('../pages/admin/UsersPage.js'));
const PoliciesPage = lazy(() => import('../pages/admin/PoliciesPage.js'));

export const admin: Area = {
  path: 'admin',
  label: '系统管理',
  roles: ['admin'],
  routes: [
    {
      element: <AdminTabs />,
      children: [
        { index: true, element: <Navigate to="units" replace /> },
        { path: 'units', element: <UnitsPage /> },
        { path: 'users', element: <UsersPage /> },
        { path: 'policies', element: <PoliciesPage /> },
      ],
    },
  ],
};
