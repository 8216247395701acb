import { Button, Result } from 'antd';
import { useRouteError } from 'react-router';
import { useT } from '../../i18n/locale-context.tsx';

/**
 * Shown when a route fails to load (server unreachable while checking the session, a chunk missing
 * after a new release). Reloading fetches the current build and retries.
 */
export function RouteError() {
  const t = useT();
  const error = useRouteError();
  if (error) console.error(error);
  return (
    <Result
      status="500"
      title={t('page.error.title')}
      subTitle={t('page.error.subtitle')}
      extra={
        <Button type="primary" onClick={() => globalThis.location.reload()}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
