import { changePasswordRequestSchema, loginRequestSchema, meResponseSchema } from '@qunce/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clientIp, csrfCookie, now, requireUser, sessionCookie } from './auth.hooks.ts';
import { deleteSession } from './auth.repository.ts';
import { changePassword, login, logout, type SessionUser } from './auth.service.ts';

function toMeResponse(user: SessionUser) {
  const { sessionId: _sessionId, csrfToken, ...me } = user;
  return { user: me, csrfToken };
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const secure = app.deps.config.cookieSecure;
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure };

  const clearCookies = (reply: FastifyReply) => {
    reply.clearCookie(sessionCookie, { ...cookieOptions, httpOnly: true });
    reply.clearCookie(csrfCookie, cookieOptions);
  };

  api.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录 / sign in',
        body: loginRequestSchema,
        response: { 200: meResponseSchema },
      },
    },
    async (request, reply) => {
      // Signing in again (as anyone) ends the session the browser still holds.
      if (request.user) await deleteSession(app.deps.database.db, request.user.sessionId);
      const { user, token } = await login(
        app.deps.database.db,
        {
          username: request.body.username,
          password: request.body.password,
          ip: clientIp(request),
          userAgent: request.headers['user-agent'] ?? null,
          now: now(app),
        },
        app.deps.config.sessionIdleMinutes,
      );
      reply.setCookie(sessionCookie, token, { ...cookieOptions, httpOnly: true });
      reply.setCookie(csrfCookie, user.csrfToken, { ...cookieOptions, httpOnly: false });
      return toMeResponse(user);
    },
  );

  api.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: '退出 / sign out' } },
    async (request, reply) => {
      if (request.user) await logout(app.deps.database.db, request.user, clientIp(request), now(app));
      clearCookies(reply);
      return reply.status(204).send();
    },
  );

  api.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户 / the signed-in user',
        response: { 200: meResponseSchema },
      },
    },
    async (request) => toMeResponse(requireUser(request)),
  );

  api.post(
    '/auth/change-password',
    { schema: { tags: ['auth'], summary: '修改密码 / change password', body: changePasswordRequestSchema } },
    async (request, reply) => {
      const user = requireUser(request);
      await changePassword(app.deps.database.db, user, request.body, clientIp(request), now(app));
      return reply.status(204).send();
    },
  );
}
