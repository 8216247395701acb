import type { QueryClient } from '@tanstack/react-query';
import { Flex, Spin } from 'antd';
import { type createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import { sessionQueryKey } from './api/auth.ts';
import { loginPathFor, setUnauthenticatedHandler } from './api/client.ts';
import { RouteError } from './features/shell/route-error.tsx';
import { homeLoader, loginLoader, requireSessionLoader } from './features/shell/session-loaders.ts';

function HydrateFallback() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/**
 * Every address of the app (issue 8, "Addresses"). Each page is its own chunk (route `lazy`): the login
 * page does not carry the layout, and feature pages (the cockpit with ECharts) load only when opened. Paths can be bookmarked and reloaded: the server answers
 * index.html for any non-/api address (packages/server/src/http/web-static.ts).
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      element: <Outlet />,
      errorElement: <RouteError />,
      HydrateFallback,
      children: [
        {
          path: '/login',
          loader: loginLoader(queryClient),
          lazy: () => import('./features/auth/login-page.tsx'),
        },
        {
          path: '/',
          loader: requireSessionLoader(queryClient),
          lazy: () => import('./features/shell/app-layout.tsx'),
          children: [
            {
              index: true,
              loader: homeLoader(queryClient),
              lazy: () => import('./features/cockpit/cockpit-page.tsx'),
            },
            { path: 'clusters', lazy: () => import('./features/clusters/clusters-page.tsx') },
            { path: 'clusters/:code', lazy: () => import('./features/clusters/cluster-detail-page.tsx') },
            { path: 'enterprises', lazy: () => import('./features/enterprises/enterprises-page.tsx') },
            {
              path: 'enterprises/carriers/:id',
              lazy: () => import('./features/enterprises/carrier-detail-page.tsx'),
            },
            {
              path: 'enterprises/parks/:code',
              lazy: () => import('./features/enterprises/park-detail-page.tsx'),
            },
            {
              path: 'enterprises/:creditCode',
              lazy: () => import('./features/enterprises/enterprise-detail-page.tsx'),
            },
            { path: 'evaluation', lazy: () => import('./features/evaluation/evaluation-page.tsx') },
            { path: 'import', lazy: () => import('./features/import/import-page.tsx') },
            { path: 'targets', lazy: () => import('./features/targets/targets-page.tsx') },
            { path: 'recognition', lazy: () => import('./features/recognition/recognition-page.tsx') },
            { path: 'reviews', lazy: () => import('./features/reviews/reviews-page.tsx') },
            { path: 'collection', lazy: () => import('./features/collection/collection-page.tsx') },
            { path: 'todo', lazy: () => import('./features/todo/todo-page.tsx') },
            { path: 'admin', lazy: () => import('./features/admin/admin-page.tsx') },
            { path: 'audit', lazy: () => import('./features/audit/audit-page.tsx') },
            { path: '*', lazy: () => import('./features/shell/not-found-page.tsx') },
          ],
        },
      ],
    },
  ];
}

type AppRouter = Pick<ReturnType<typeof createBrowserRouter>, 'state' | 'navigate'>;

/**
 * A 401 from any API call means the session ended (idle timeout, signed out elsewhere): forget it and
 * go to the login page, which brings the user back to the same address afterwards.
 */
export function connectSessionExpiry(queryClient: QueryClient, router: AppRouter): void {
  setUnauthenticatedHandler(() => {
    queryClient.setQueryData(sessionQueryKey, null);
    const { location } = router.state;
    if (location.pathname !== '/login') void router.navigate(loginPathFor(location), { replace: true });
  });
}
