import type { Me } from '@qunce/core';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest, setCsrfToken } from './client.ts';

/** The signed-in user and the token for the CSRF header (docs/briefs/auth-contract.md). */
export type Session = { user: Me; csrfToken: string };

export const sessionQueryKey = ['auth', 'session'] as const;

/** `GET /api/auth/me`: the current session, or null when nobody is signed in (401). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await apiRequest<Session>('/api/auth/me', { redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

/** The session query: read by the route guards and the layout, refreshed by login and logout. */
export const sessionQuery = {
  queryKey: sessionQueryKey,
  queryFn: fetchSession,
  staleTime: 60_000,
  retry: false,
} as const;

export async function ensureSession(queryClient: QueryClient): Promise<Session | null> {
  return queryClient.ensureQueryData(sessionQuery);
}

export type LoginInput = { username: string; password: string };

/** `POST /api/auth/login`: 401 wrong credentials, 423 locked (`details.lockedUntil`, ISO or null). */
export async function login(input: LoginInput): Promise<Session> {
  const session = await apiRequest<Session>('/api/auth/login', {
    method: 'POST',
    body: input,
    redirectOn401: false,
  });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('/api/auth/logout', { method: 'POST', redirectOn401: false });
  } finally {
    setCsrfToken(undefined);
  }
}

export type ChangePasswordInput = { currentPassword: string; newPassword: string };

/** `POST /api/auth/change-password` → 204; 400 policy failures, 401 wrong current password. */
export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await apiRequest<void>('/api/auth/change-password', { method: 'POST', body: input, redirectOn401: false });
}
