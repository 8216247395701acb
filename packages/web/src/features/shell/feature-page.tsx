import { ToolOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Result, theme } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { sessionQuery } from '../../api/auth.ts';
import { useT } from '../../i18n/locale-context.tsx';
import { canOpen, navigationItemForPath } from './navigation.ts';
import { NotFoundPage } from './not-found-page.tsx';

/**
 * The placeholder of a feature whose page is not built yet: says honestly that it is under
 * construction and what it will offer. A user whose role may not open the feature sees 403 instead
 * (the server refuses the data anyway). Each feature's real page replaces this in the router.
 */
export function FeaturePage() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: session } = useQuery(sessionQuery);
  const item = navigationItemForPath(pathname);
  const { token } = theme.useToken();

  useEffect(() => {
    if (item) document.title = `${t(item.label)} · ${t('app.name')}`;
  }, [item, t]);

  if (!item) return <NotFoundPage />;
  const page = t(item.label);
  if (!session || !canOpen(session.user, item)) {
    return (
      <Result
        status="403"
        title={t('page.forbidden.title')}
        subTitle={t('page.forbidden.subtitle', { page })}
        extra={
          <Button type="primary" onClick={() => void navigate('/')}>
            {t('common.backHome')}
          </Button>
        }
      />
    );
  }
  return (
    <Result
      style={{ background: token.colorBgContainer, borderRadius: token.borderRadiusLG }}
      icon={<ToolOutlined />}
      title={
        <h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('page.underConstruction.title', { page })}</h1>
      }
      subTitle={t('page.underConstruction.subtitle', { description: t(item.description) })}
    />
  );
}

export { FeaturePage as Component };
