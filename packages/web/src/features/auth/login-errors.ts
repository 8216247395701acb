import dayjs from 'dayjs';
import { isApiError } from '../../api/client.ts';
import { type Locale, localiseServerMessage, type Translate } from '../../i18n/translate.ts';

/** The message shown under the login form for a failed sign-in (auth contract: 401, 423). */
export function loginErrorMessage(error: unknown, t: Translate, locale: Locale): string {
  if (!isApiError(error)) return t('login.error.other', { message: String(error) });
  if (error.code === 'network') return t('login.error.network');
  if (error.status === 401) return t('login.error.invalidCredentials');
  if (error.status === 423) {
    const until = error.details?.lockedUntil;
    return typeof until === 'string' && dayjs(until).isValid()
      ? t('login.error.lockedUntil', { time: dayjs(until).format('YYYY-MM-DD HH:mm') })
      : t('login.error.locked');
  }
  return t('login.error.other', { message: localiseServerMessage(error.message, locale) });
}
