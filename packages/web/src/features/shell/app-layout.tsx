import {
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FlagOutlined,
  FundOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Layout, Menu, Spin, Typography } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { logout, sessionQuery, sessionQueryKey } from '../../api/auth.ts';
import { loginPathFor } from '../../api/client.ts';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { organisationName } from '../../components/organisation-name.ts';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { type FeatureKey, navigationItemForPath, visibleNavigation } from './navigation.ts';

const icons: Record<FeatureKey, ReactNode> = {
  cockpit: <DashboardOutlined />,
  clusters: <ClusterOutlined />,
  enterprises: <BankOutlined />,
  evaluation: <FundOutlined />,
  import: <CloudUploadOutlined />,
  targets: <FlagOutlined />,
  recognition: <TrophyOutlined />,
  reviews: <SafetyCertificateOutlined />,
  collection: <DatabaseOutlined />,
  todo: <CheckSquareOutlined />,
  admin: <SettingOutlined />,
  audit: <AuditOutlined />,
};

const collapsedStorageKey = 'qunce.navCollapsed';

/** The signed-in frame: side navigation filtered by permissions, header with the user and language. */
export function AppLayout() {
  const t = useT();
  const { locale } = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQuery);
  const [collapsed, setCollapsed] = useState(
    () => globalThis.localStorage?.getItem(collapsedStorageKey) === '1',
  );

  const signingOut = useRef(false);
  const signOut = useMutation({
    mutationFn: () => {
      signingOut.current = true;
      return logout();
    },
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, null);
      void navigate('/login', { replace: true });
    },
  });

  if (session === null || session?.user.mustChangePassword) {
    // The session ended while the page was open (expired, signed out elsewhere) or now needs a new
    // password: back to the login page, which returns here afterwards. After "sign out" it goes to
    // plain /login instead (navigate above).
    return signingOut.current ? <Spin fullscreen /> : <Navigate to={loginPathFor(location)} replace />;
  }
  if (!session) return <Spin fullscreen />;
  const { user } = session;
  const current = navigationItemForPath(location.pathname);
  const toggle = () => {
    setCollapsed((value) => {
      globalThis.localStorage?.setItem(collapsedStorageKey, value ? '0' : '1');
      return !value;
    });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        trigger={null}
        width={208}
        breakpoint="lg"
        onBreakpoint={(narrow) => {
          // Narrow windows (a laptop beside a projector, a tablet) start with the navigation folded.
          if (narrow) setCollapsed(true);
        }}
      >
        <Link
          to="/"
          style={{ display: 'flex', alignItems: 'center', gap: 10, height: 64, padding: '0 20px' }}
        >
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && (
            <span style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </span>
          )}
        </Link>
        <nav aria-label={t('nav.label')}>
          <Menu
            theme="dark"
            mode="inline"
            style={{ background: 'transparent', borderInlineEnd: 0 }}
            selectedKeys={current ? [current.feature] : []}
            items={visibleNavigation(user).map((item) => ({
              key: item.feature,
              icon: icons[item.feature],
              label: <Link to={item.path}>{t(item.label)}</Link>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            padding: '0 24px 0 8px',
            borderBottom: '1px solid #e5e9f2',
          }}
        >
          <Button
            type="text"
            aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={toggle}
          />
          <Typography.Text strong style={{ fontSize: 16, flex: 1, minWidth: 0 }} ellipsis>
            {t('app.fullName')}
          </Typography.Text>
          {navigation.state === 'loading' && <Spin size="small" />}
          <Flex align="center" gap={8} aria-label={t('common.account')}>
            <UserOutlined aria-hidden />
            <Flex vertical style={{ lineHeight: 1.3 }}>
              <Typography.Text strong data-testid="user-name">
                {user.displayName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="user-organisation">
                {user.organisation ? organisationName(user.organisation, locale) : t('shell.noOrganisation')}
              </Typography.Text>
            </Flex>
          </Flex>
          <LanguageSwitch size="small" />
          <Button icon={<LogoutOutlined />} loading={signOut.isPending} onClick={() => signOut.mutate()}>
            {t('common.logout')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export { AppLayout as Component };
