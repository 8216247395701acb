import { configure, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { AppProviders, createQueryClient } from '../app-providers.tsx';
import { connectSessionExpiry, createRoutes } from '../router.tsx';

// The first render of a test file loads the lazy route chunks (Ant Design's Form and Layout), which
// takes more than Testing Library's default 1 s on a busy machine.
configure({ asyncUtilTimeout: 8000 });
vi.setConfig({ testTimeout: 30_000 });

/** The whole app (providers, routes, lazy pages) at one address, in a memory router. */
export function renderApp(path: string) {
  const queryClient = createQueryClient();
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [path] });
  connectSessionExpiry(queryClient, router);
  const view = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router, queryClient };
}
