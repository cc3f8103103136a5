import { lazy } from 'react';
import type { Area } from './area.js';

const CaseList = lazy(() => import('../pages/cases/CaseList.js'));
const CaseOpen = lazy(() => import('../pages/cases/CaseOpen.js'));
const CaseSummary = lazy(() => import('../pages/cases/CaseSummary.js'));
const CaseDetail = lazy(() => import('../pages/cases/CaseDetail.js'));

export const cases: Area = {
  path: 'cases',
  label: '责任追究',
  routes: [
    { index: true, element: <CaseList /> },
    { path: 'new', element: <CaseOpen /> },
    { path: 'summary', element: <CaseSummary /> },
    { path: ':id', element: <CaseDetail /> },
  ],
};
