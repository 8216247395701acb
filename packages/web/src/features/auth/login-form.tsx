import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { login, type Session, sessionQueryKey } from '../../api/auth.ts';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { loginErrorMessage } from './login-errors.ts';

type LoginValues = { username: string; password: string };

/** Username and password with labels, keyboard submit (Enter) and the errors of the auth contract. */
export function LoginForm({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: LoginValues) =>
      login({ username: values.username.trim(), password: values.password }),
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      onSignedIn(session);
    },
  });

  return (
    <Form<LoginValues>
      name="login"
      layout="vertical"
      requiredMark={false}
      size="large"
      onFinish={(values) => mutation.mutate(values)}
    >
      <Form.Item
        label={t('login.username')}
        name="username"
        rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
      >
        <Input
          autoComplete="username"
          autoFocus
          placeholder={t('login.usernamePlaceholder')}
          prefix={<UserOutlined aria-hidden />}
        />
      </Form.Item>
      <Form.Item
        label={t('login.password')}
        name="password"
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" prefix={<LockOutlined aria-hidden />} />
      </Form.Item>
      {mutation.isError && (
        <Alert
          role="alert"
          type="error"
          showIcon
          style={{ marginBottom: 24 }}
          title={t('login.error.title')}
          description={loginErrorMessage(mutation.error, t, locale)}
        />
      )}
      <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
        {mutation.isPending ? t('login.submitting') : t('login.submit')}
      </Button>
    </Form>
  );
}
