import type { Me } from '@qunce/core';
import type { Locale } from '../i18n/translate.ts';

/** An organisation's name in the UI language: the English name where one is recorded, else the Chinese. */
export function organisationName(organisation: Me['organisation'], locale: Locale): string {
  if (!organisation) return '';
  return locale === 'en' ? (organisation.nameEn ?? organisation.name) : organisation.name;
}
