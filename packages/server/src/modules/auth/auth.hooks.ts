import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import { AppError, type Permission } from '@qunce/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../audit/audit.service.ts';
import { authenticateSession, type SessionUser } from './auth.service.ts';

export type { SessionUser } from './auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. Set for every route under /api by registerAuth. */
    user: SessionUser | null;
  }
}

export const sessionCookie = 'qunce_session';
export const csrfCookie = 'qunce_csrf';
export const csrfHeader = 'x-csrf-token';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that need no CSRF token: logging in creates the session the token belongs to. */
const csrfExempt = new Set(['/api/auth/login']);
/** Routes open to a user who must change their password first. */
const passwordChangeRoutes = new Set([
  'GET /api/auth/me',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/change-password',
]);

/** The current time: the injected clock in tests, the system clock otherwise. */
export function now(app: FastifyInstance): Date {
  return app.deps.clock ? app.deps.clock() : new Date();
}

export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Authentication for every route of the given (the /api) instance: reads the session cookie and sets
 * `request.user`; refuses state-changing requests without the session's CSRF token (403, reason
 * csrf); holds users who must change their password to the password routes; audits every 403.
 * Call it on the /api instance before registering the routes.
 */
export async function registerAuth(api: FastifyInstance): Promise<void> {
  await api.register(cookie);
  api.decorateRequest('user', null);

  api.addHook('onRequest', async (request) => {
    request.user = null;
    const token = request.cookies[sessionCookie];
    if (token) {
      request.user = await authenticateSession(
        api.deps.database.db,
        token,
        now(api),
        api.deps.config.sessionIdleMinutes,
      );
    }
    const user = request.user;
    if (!user) return;
    const route = request.routeOptions.url ?? '';
    if (stateChanging.has(request.method) && !csrfExempt.has(route)) {
      const header = request.headers[csrfHeader];
      if (typeof header !== 'string' || !tokensEqual(header, user.csrfToken)) {
        throw new AppError('forbidden', 'CSRF 校验失败，请刷新页面 / CSRF check failed: reload the page', {
          reason: 'csrf',
        });
      }
    }
    if (user.mustChangePassword && !passwordChangeRoutes.has(`${request.method} ${route}`)) {
      throw new AppError('forbidden', '请先修改密码 / change your password first', {
        reason: 'password_change_required',
      });
    }
  });

  // Every refusal is audited (who, which route, why), before the response leaves.
  api.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (reply.statusCode !== 403) return payload;
    let details: unknown = null;
    if (typeof payload === 'string') {
      try {
        details = (JSON.parse(payload) as { error?: { details?: unknown } }).error?.details ?? null;
      } catch {
        details = null;
      }
    }
    await appendAudit(api.deps.database.db, {
      actorId: request.user?.id ?? null,
      actorName: request.user?.username ?? null,
      action: 'access.denied',
      entityType: 'route',
      entityId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      after: details,
      ip: clientIp(request),
      outcome: 'denied',
      at: now(api),
    });
    return payload;
  });
}

/** The signed-in user; 401 when there is none. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError('unauthenticated', '请先登录 / please sign in');
  return request.user;
}

/** The signed-in user if they hold the permission; 401 without a session, 403 (audited) without it. */
export function requirePermission(request: FastifyRequest, permission: Permission): SessionUser {
  const user = requireUser(request);
  if (!user.permissions.includes(permission)) {
    throw new AppError('forbidden', `无权执行此操作 / not permitted (${permission})`, { permission });
  }
  return user;
}

const outOfScope = (what: string) => new AppError('not_found', `未找到 / not found: ${what}`);

/** Whether the user's scope covers a city: province and department see every city. */
export function canSeeCity(user: SessionUser, cityCode: string): boolean {
  const { scope } = user;
  if (scope.kind === 'province' || scope.kind === 'department') return true;
  return scope.kind === 'city' && (scope.cityCodes ?? []).includes(cityCode);
}

/** 404 (not 403: existence is not disclosed) when the city is outside the user's scope. */
export function assertCityInScope(user: SessionUser, cityCode: string): void {
  if (!canSeeCity(user, cityCode)) throw outOfScope(`city ${cityCode}`);
}

/** A cross-city subject (a cluster spanning several cities) is visible to each of its cities. */
export function canSeeAnyCity(user: SessionUser, cityCodes: readonly string[]): boolean {
  return cityCodes.some((code) => canSeeCity(user, code));
}

export function assertAnyCityInScope(
  user: SessionUser,
  cityCodes: readonly string[],
  what = 'resource',
): void {
  if (!canSeeAnyCity(user, cityCodes)) throw outOfScope(what);
}

export function canSeeCluster(user: SessionUser, clusterCode: string): boolean {
  const { scope } = user;
  if (scope.kind === 'province' || scope.kind === 'department') return true;
  return scope.kind === 'cluster' && (scope.clusterCodes ?? []).includes(clusterCode);
}

/**
 * 404 when a cluster-scoped user asks for another cluster. City users see the clusters of their
 * cities: check those with assertAnyCityInScope on the cluster's cities.
 */
export function assertClusterInScope(user: SessionUser, clusterCode: string): void {
  if (!canSeeCluster(user, clusterCode)) throw outOfScope(`cluster ${clusterCode}`);
}

/** Department-owned items (tasks, targets): a department sees its own; the province sees all. */
export function canSeeDepartment(user: SessionUser, departmentCode: string): boolean {
  const { scope } = user;
  if (scope.kind === 'province') return true;
  return scope.kind === 'department' && scope.departmentCode === departmentCode;
}

export function assertDepartmentInScope(user: SessionUser, departmentCode: string): void {
  if (!canSeeDepartment(user, departmentCode)) throw outOfScope(`department ${departmentCode}`);
}
