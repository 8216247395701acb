import {
  createUserRequestSchema,
  createUserResponseSchema,
  permissionsOf,
  resetPasswordRequestSchema,
  resetPasswordResponseSchema,
  roleCodes,
  roles,
  roleViewSchema,
  setRolesRequestSchema,
  updateUserRequestSchema,
  userViewSchema,
} from '@qunce/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientIp, now, requirePermission } from '../auth/auth.hooks.ts';
import { listUsers } from './users.repository.ts';
import {
  type Actor,
  createUser,
  getUser,
  resetUserPassword,
  setUserLocked,
  setUserRoles,
  toUserView,
  updateUserProfile,
} from './users.service.ts';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Accounts (system administrator) and roles and lockouts (security administrator). */
export async function usersRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = app.deps.database.db;
  const actorOf = (request: FastifyRequest, user: { id: string; username: string }): Actor => ({
    actorId: user.id,
    actorName: user.username,
    ip: clientIp(request),
    at: now(app),
  });
  const tags = ['users'];

  api.get(
    '/users',
    {
      schema: {
        tags,
        summary: '用户列表 / list users',
        response: { 200: z.object({ items: z.array(userViewSchema) }) },
      },
    },
    async (request) => {
      requirePermission(request, 'users.read');
      return { items: (await listUsers(db)).map(toUserView) };
    },
  );

  api.get(
    '/users/:id',
    { schema: { tags, summary: '用户 / a user', params: idParams, response: { 200: userViewSchema } } },
    async (request) => {
      requirePermission(request, 'users.read');
      return toUserView(await getUser(db, request.params.id));
    },
  );

  api.post(
    '/users',
    {
      schema: {
        tags,
        summary: '新建用户 / create a user',
        body: createUserRequestSchema,
        response: { 201: createUserResponseSchema },
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'users.create');
      const result = await createUser(
        db,
        { ...request.body, allowSystemRoles: false },
        actorOf(request, user),
      );
      return reply.status(201).send(result);
    },
  );

  api.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: '修改用户 / update a user',
        params: idParams,
        body: updateUserRequestSchema,
        response: { 200: userViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'users.update');
      return updateUserProfile(db, request.params.id, request.body, actorOf(request, user));
    },
  );

  api.put(
    '/users/:id/roles',
    {
      schema: {
        tags,
        summary: '设置角色 / set roles',
        params: idParams,
        body: setRolesRequestSchema,
        response: { 200: userViewSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'roles.assign');
      return setUserRoles(db, request.params.id, request.body.roles, actorOf(request, user), {
        allowSystemRoles: false,
      });
    },
  );

  api.post(
    '/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: '重置密码 / reset the password',
        params: idParams,
        body: resetPasswordRequestSchema,
        response: { 200: resetPasswordResponseSchema },
      },
    },
    async (request) => {
      const user = requirePermission(request, 'users.reset_password');
      return resetUserPassword(db, request.params.id, request.body.password, actorOf(request, user));
    },
  );

  for (const [path, locked] of [
    ['/users/:id/lock', true],
    ['/users/:id/unlock', false],
  ] as const) {
    api.post(
      path,
      {
        schema: {
          tags,
          summary: locked ? '锁定账户 / lock the account' : '解锁账户 / unlock the account',
          params: idParams,
          body: z.strictObject({}).nullish(),
          response: { 200: userViewSchema },
        },
      },
      async (request) => {
        const user = requirePermission(request, 'users.lock');
        return setUserLocked(db, request.params.id, locked, actorOf(request, user));
      },
    );
  }

  api.get(
    '/roles',
    {
      schema: {
        tags,
        summary: '角色与权限 / roles and permissions',
        response: { 200: z.object({ items: z.array(roleViewSchema) }) },
      },
    },
    async (request) => {
      // The system administrator needs the catalogue to create accounts; the security admin to assign roles.
      if (!request.user?.permissions.includes('users.create')) requirePermission(request, 'roles.read');
      return {
        items: roleCodes.map((code) => ({ ...roles[code], permissions: permissionsOf([code]) })),
      };
    },
  );
}
