import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { Spin } from 'antd';
import { AREAS } from './areas/index.js';
import { SignedIn, hasRole, useUser } from './auth/session.js';
import AppLayout from './layout/AppLayout.js';
import RouteError from './layout/RouteError.js';

const LoginPage = lazy(() => import('./auth/LoginPage.js'));

const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);
const suspended = (element: ReactNode) => <Suspense fallback={loading}>{element}</Suspense>;

/** /app itself: officials start at 首页, everyone else at 待办. */
function Home() {
  const me = useUser();
  return <Navigate to={hasRole(me, ['official', 'commission_leader', 'inspector']) ? 'dashboard' : 'inbox'} replace />;
}

const withSuspense = (routes: RouteObject[]): RouteObject[] =>
  routes.map((r) => ({
    ...r,
    element: r.element && suspended(r.element),
    children: r.children && withSuspense(r.children),
  })) as RouteObject[];

export const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/app" replace /> },
  { path: '/login', element: suspended(<LoginPage />) },
  {
    path: '/app',
    element: (
      <SignedIn>
        <AppLayout />
      </SignedIn>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Home /> },
      ...AREAS.map((area) => ({ path: area.path, children: withSuspense(area.routes) })),
      { path: '*', element: <RouteError notFound /> },
    ],
  },
  { path: '*', element: <Navigate to="/app" replace /> },
]);
