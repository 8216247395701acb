import type { Me } from '@qunce/core';
import { permissionsOf } from '@qunce/core';

/** The `GET /api/auth/me` body of a signed-in user with one role (permissions from the role catalogue). */
export function sessionFor(role: string, displayName = role): { user: Me; csrfToken: string } {
  return {
    user: {
      id: `u-${role}`,
      username: role,
      displayName,
      roles: [role],
      permissions: permissionsOf([role]),
      organisation: null,
      scope: { kind: 'none' },
      mustChangePassword: false,
    },
    csrfToken: 'csrf-test',
  };
}

/** Reference regions as the server gives them: the province and three of its cities. */
export const regionsBody = {
  province: { code: '370000', name: '山东省', nameEn: 'Shandong' },
  cities: [
    { code: '370100', name: '济南市', nameEn: 'Jinan', shortName: '济南', isHeart: true, circleCodes: [] },
    { code: '370200', name: '青岛市', nameEn: 'Qingdao', shortName: '青岛', isHeart: true, circleCodes: [] },
    { code: '370700', name: '潍坊市', nameEn: 'Weifang', shortName: '潍坊', isHeart: false, circleCodes: [] },
  ],
  circles: [],
};
