import { en } from './en.ts';
import { type Catalogue, type MessageKey, zhCN } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';

export const locales: readonly Locale[] = ['zh-CN', 'en'];
export const defaultLocale: Locale = 'zh-CN';

export const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en };

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/** Looks a key up and fills `{name}` placeholders; an unknown placeholder is left visible. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The `{name}` placeholders of a message, sorted; used to check the catalogues agree. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

/**
 * Server messages are bilingual, "中文 / English" (AppError convention). Shows the half that
 * matches the UI language; a message without the separator is shown whole.
 */
export function localiseServerMessage(message: string, locale: Locale): string {
  const separator = message.indexOf(' / ');
  if (separator < 0) return message;
  return locale === 'en' ? message.slice(separator + 3).trim() : message.slice(0, separator).trim();
}
