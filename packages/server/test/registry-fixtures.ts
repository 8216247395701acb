import type { CreateClusterRequest, CreateEnterpriseRequest } from '@qunce/core/registry';
import { computeCreditCodeCheckDigit, computeOrganisationCodeCheckDigit } from '@qunce/core/validators';
import type { IdentityTestApp, Session } from './identity-fixtures.ts';

/** JSON requests through the real app as a signed-in user (cookie + CSRF header on writes). */
export function client(t: IdentityTestApp, session: Session) {
  const send = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: session.cookie } : session.headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, payload: unknown) => send('POST', url, payload),
    patch: (url: string, payload: unknown) => send('PATCH', url, payload),
    delete: (url: string) => send('DELETE', url),
  };
}
export type Client = ReturnType<typeof client>;

/**
 * Valid credit codes of enterprises registered in a city: "91" + division + an 8-digit organisation
 * code body counting up from `start` + its GB 11714 check + the GB 32100 check character.
 */
export function buildCreditCodes(count: number, start = 1, division = '370700'): string[] {
  return Array.from({ length: count }, (_, i) => {
    const body = String(start + i).padStart(8, '0');
    const first17 = `91${division}${body}${computeOrganisationCodeCheckDigit(body)}`;
    return first17 + computeCreditCodeCheckDigit(first17);
  });
}

export function buildClusterInput(overrides: Partial<CreateClusterRequest> = {}): CreateClusterRequest {
  return {
    code: 'SD-C-0001',
    name: '潍坊市动力装备集群',
    nameEn: 'Weifang Power Equipment',
    leadIndustry: 'power-equipment',
    tier: 'national',
    cultivationTarget: 'world',
    status: 'recognised',
    cityCodes: ['370700'],
    leadCityCode: '370700',
    ...overrides,
  };
}

export function buildEnterpriseInput(
  overrides: Partial<CreateEnterpriseRequest> = {},
): CreateEnterpriseRequest {
  return {
    creditCode: buildCreditCodes(1)[0] ?? '',
    name: '潍柴动力股份有限公司',
    cityCode: '370700',
    countyCode: '370705',
    industryDivision: '34',
    isAboveScale: true,
    isKeyEnterprise: true,
    has5g: true,
    ...overrides,
  };
}
