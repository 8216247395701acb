import { checkPasswordPolicy, type Me } from '@qunce/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { changePassword, fetchSession, logout, type Session, sessionQueryKey } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { localiseServerMessage } from '../../i18n/translate.ts';

type PasswordValues = { currentPassword: string; newPassword: string; confirmPassword: string };

/**
 * Shown instead of the login form while `mustChangePassword` is set (first sign-in of a generated
 * password, or after an administrator reset it). The policy is the one in `@qunce/core`, checked as
 * the user types; the server checks it again.
 */
export function ChangePasswordForm({ user, onDone }: { user: Me; onDone: (session: Session) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PasswordValues>();

  const mutation = useMutation({
    mutationFn: async (values: PasswordValues) => {
      await changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      return fetchSession();
    },
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      if (session) onDone(session);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 401) {
        form.setFields([{ name: 'currentPassword', errors: [t('password.wrongCurrent')] }]);
      }
    },
  });

  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => queryClient.setQueryData(sessionQueryKey, null),
  });

  const serverError =
    mutation.isError && !(isApiError(mutation.error) && mutation.error.status === 401)
      ? t('password.error', {
          message: isApiError(mutation.error)
            ? localiseServerMessage(mutation.error.message, locale)
            : String(mutation.error),
        })
      : undefined;

  return (
    <Form<PasswordValues>
      form={form}
      name="change-password"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => mutation.mutate(values)}
    >
      <Typography.Title id="login-heading" level={2} style={{ marginTop: 0, fontSize: 22 }}>
        {t('password.title')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 24 }} title={t('password.intro')} />
      <Form.Item
        label={t('password.current')}
        name="currentPassword"
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('password.new')}
        name="newPassword"
        extra={t('password.policy')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('password.newRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (!value) return;
              const problems = checkPasswordPolicy(value, user.username);
              if (problems.length > 0) {
                throw new Error(
                  problems
                    .map((problem) => localiseServerMessage(problem, locale))
                    .join(locale === 'en' ? '; ' : '；'),
                );
              }
              if (value === getFieldValue('currentPassword')) throw new Error(t('password.sameAsCurrent'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {serverError && (
        <Alert role="alert" type="error" showIcon style={{ marginBottom: 24 }} title={serverError} />
      )}
      <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
        {t('password.submit')}
      </Button>
      <Button type="link" block style={{ marginTop: 8 }} onClick={() => signOut.mutate()}>
        {t('common.logout')}
      </Button>
    </Form>
  );
}
