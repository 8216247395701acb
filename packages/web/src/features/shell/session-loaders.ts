import type { QueryClient } from '@tanstack/react-query';
import { type LoaderFunctionArgs, redirect } from 'react-router';
import { ensureSession } from '../../api/auth.ts';
import { loginPathFor } from '../../api/client.ts';
import { canOpen, homePathFor, navigationItem, safeNextPath } from './navigation.ts';

/**
 * Route guards. Every signed-in address checks the session first (anyone else lands on /login with
 * `?next=` so the bookmark still works after signing in); /login sends a signed-in user onwards.
 */
export function requireSessionLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const session = await ensureSession(queryClient);
    if (!session || session.user.mustChangePassword) throw redirect(loginPathFor(new URL(request.url)));
    return null;
  };
}

/** `/` is the cockpit; a user who may not see it (e.g. the auditor) goes to their first entry instead. */
export function homeLoader(queryClient: QueryClient) {
  return async () => {
    const session = await ensureSession(queryClient);
    if (session && !canOpen(session.user, navigationItem('cockpit')))
      throw redirect(homePathFor(session.user));
    return null;
  };
}

export function loginLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const session = await ensureSession(queryClient);
    if (session && !session.user.mustChangePassword) {
      const next = safeNextPath(new URL(request.url).searchParams.get('next'));
      throw redirect(next ?? homePathFor(session.user));
    }
    return null;
  };
}
