import { useQuery } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import type { ComponentType } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { sessionQuery } from '../api/auth.ts';
import { canOpen, navigationItemForPath } from '../features/shell/navigation.ts';
import { useT } from '../i18n/locale-context.tsx';

/**
 * A page for the roles its navigation entry names: anyone else sees 403 before any data is asked for
 * (the server refuses it anyway). `export const Component = guarded(MyPage)` in a route module.
 */
export function guarded(Page: ComponentType): ComponentType {
  function GuardedPage() {
    const t = useT();
    const navigate = useNavigate();
    const { pathname } = useLocation();
    const { data: session } = useQuery(sessionQuery);
    const item = navigationItemForPath(pathname);
    if (item && (!session || !canOpen(session.user, item))) {
      return (
        <Result
          status="403"
          title={t('page.forbidden.title')}
          subTitle={t('page.forbidden.subtitle', { page: t(item.label) })}
          extra={
            <Button type="primary" onClick={() => void navigate('/')}>
              {t('common.backHome')}
            </Button>
          }
        />
      );
    }
    return <Page />;
  }
  GuardedPage.displayName = `Guarded(${Page.displayName ?? Page.name})`;
  return GuardedPage;
}
