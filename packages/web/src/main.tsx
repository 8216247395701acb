import 'antd/dist/reset.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { sessionQueryKey } from './api/auth.ts';
import { loginPathFor, setUnauthenticatedHandler } from './api/client.ts';
import { AppProviders, createQueryClient } from './app-providers.tsx';
import { createRoutes } from './router.tsx';

const queryClient = createQueryClient();
const router = createBrowserRouter(createRoutes(queryClient));

// A 401 from any API call means the session ended (idle timeout, signed out elsewhere): forget it and
// go to the login page, which brings the user back here afterwards.
setUnauthenticatedHandler(() => {
  queryClient.setQueryData(sessionQueryKey, null);
  if (router.state.location.pathname !== '/login') void router.navigate(loginPathFor(router.state.location));
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
