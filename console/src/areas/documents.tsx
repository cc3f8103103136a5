import { lazy } from 'react';
import type { Area } from './area.js';

const DocumentsPage = lazy(() => import('../pages/documents/DocumentsPage.js'));
const DocumentPage = lazy(() => import('../pages/documents/DocumentPage.js'));

export const documents: Area = {
  path: 'documents',
  label: '公文',
  routes: [
    { index: true, element: <DocumentsPage /> },
    { path: ':id', element: <DocumentPage /> },
  ],
};
