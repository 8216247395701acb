import type { RegionsResponse } from '@qunce/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';
import { apiRequest } from './client.ts';

export const regionsQuery = {
  queryKey: ['reference', 'regions'],
  queryFn: () => apiRequest<RegionsResponse>('/api/reference/regions'),
  staleTime: Number.POSITIVE_INFINITY,
} as const;

/** The province's cities and a `cityName(code)` in the UI language (the code itself while loading). */
export function useCities() {
  const { locale } = useLocale();
  const { data } = useQuery(regionsQuery);
  const cities = data?.cities ?? [];
  const cityName = useCallback(
    (code: string | null | undefined): string => {
      if (!code) return '';
      const city = data?.cities.find((c) => c.code === code);
      if (!city) return code;
      return locale === 'en' ? (city.nameEn ?? city.name) : city.name;
    },
    [data, locale],
  );
  return { cities, cityName };
}
