import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Spin, Typography, theme } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { type Session, sessionQuery } from '../../api/auth.ts';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { homePathFor, safeNextPath } from '../shell/navigation.ts';
import { LoginForm } from './login-form.tsx';

// Only users who must change their password need the policy checker: keep it out of the login chunk.
const ChangePasswordForm = lazy(() =>
  import('./change-password-form.tsx').then((module) => ({ default: module.ChangePasswordForm })),
);

const pageStyle = {
  minHeight: '100vh',
  background: 'linear-gradient(160deg, #0f2350 0%, #1f4fbf 55%, #e8eefb 55.2%, #f3f5f9 100%)',
} as const;

/** `/login`: sign in, or set a new password when the account requires it. */
export function LoginPage() {
  const t = useT();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: session } = useQuery(sessionQuery);
  const next = safeNextPath(params.get('next'));

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  const proceed = (signedIn: Session) => {
    if (!signedIn.user.mustChangePassword) {
      void navigate(next ?? homePathFor(signedIn.user), { replace: true });
    }
  };

  return (
    <Flex vertical style={pageStyle}>
      <Flex justify="flex-end" style={{ padding: '16px 24px' }}>
        <LanguageSwitch />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: '0 16px 48px' }}>
        <main style={{ width: '100%', maxWidth: 420 }}>
          <Flex vertical align="center" style={{ marginBottom: 24, color: '#fff', textAlign: 'center' }}>
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={1} style={{ color: '#fff', margin: '12px 0 4px', fontSize: 28 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>{t('app.tagline')}</Typography.Text>
          </Flex>
          <section
            aria-labelledby="login-heading"
            style={{
              background: token.colorBgContainer,
              borderRadius: token.borderRadiusLG,
              padding: '32px 32px 24px',
              boxShadow: '0 12px 32px rgba(15, 35, 80, 0.18)',
            }}
          >
            {session?.user.mustChangePassword ? (
              <Suspense fallback={<Spin />}>
                <ChangePasswordForm user={session.user} onDone={proceed} />
              </Suspense>
            ) : (
              <>
                <Typography.Title id="login-heading" level={2} style={{ marginTop: 0, fontSize: 22 }}>
                  {t('login.title')}
                </Typography.Title>
                <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
                {next && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title={t('login.sessionExpired')}
                  />
                )}
                <LoginForm onSignedIn={proceed} />
              </>
            )}
          </section>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16, fontSize: 12 }}>
            {t('login.footer')}
          </Typography.Paragraph>
        </main>
      </Flex>
    </Flex>
  );
}

export { LoginPage as Component };
