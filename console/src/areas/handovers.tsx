import { lazy } from 'react';
import type { Area } from './area.js';

const HandoverList = lazy(() => import('../pages/handovers/HandoverList.js'));
const HandoverStart = lazy(() => import('../pages/handovers/HandoverStart.js'));
const HandoverDetail = lazy(() => import('../pages/handovers/HandoverDetail.js'));
const DraftEditor = lazy(() => import('../pages/handovers/DraftEditor.js'));
const VerifyList = lazy(() => import('../pages/handovers/VerifyList.js'));
const SignList = lazy(() => import('../pages/handovers/SignList.js'));

export const handovers: Area = {
  path: 'handovers',
  label: '移交',
  routes: [
    { index: true, element: <HandoverList /> },
    { path: 'new', element: <HandoverStart /> },
    { path: ':id', element: <HandoverDetail /> },
    { path: ':id/draft', element: <DraftEditor /> },
    { path: ':id/verify/:taskId', element: <VerifyList /> },
    { path: ':id/sign/:taskId', element: <SignList /> },
  ],
};
