import type { Permission, RoleCode, UserView } from '@qunce/core/auth';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { organisationName } from '../../components/organisation-name.ts';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';

type RoleView = { code: RoleCode; name: string; nameEn: string; isSystem: boolean };
type CreateForm = {
  username: string;
  displayName: string;
  role: RoleCode;
  organisationCode?: string;
  password?: string;
};
type EditForm = { displayName: string; organisationCode?: string };
type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserView }
  | { kind: 'roles'; user: UserView }
  | { kind: 'password'; name: string; password: string | null }
  | null;

const usersKey = ['admin', 'users'] as const;

/** 用户与角色: accounts for the system administrator, roles and lockouts for the security administrator. */
export function AdminPage() {
  const t = useT();
  const { locale } = useLocale();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQuery);
  const can = (permission: Permission) => session?.user.permissions.includes(permission) ?? false;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [createForm] = Form.useForm<CreateForm>();
  const [editForm] = Form.useForm<EditForm>();
  const [roleForm] = Form.useForm<{ role: RoleCode }>();

  const users = useQuery({
    queryKey: usersKey,
    queryFn: () => apiRequest<{ items: UserView[] }>('/api/users'),
    enabled: can('users.read'),
  });
  const roles = useQuery({
    queryKey: ['admin', 'roles'],
    queryFn: () => apiRequest<{ items: RoleView[] }>('/api/roles'),
    enabled: can('users.create') || can('roles.read'),
  });
  useEffect(() => {
    document.title = `${t('admin.title')} · ${t('app.name')}`;
  }, [t]);

  const roleName = (code: string) => {
    const role = roles.data?.items.find((item) => item.code === code);
    if (!role) return code;
    return locale === 'en' ? role.nameEn : role.name;
  };
  const isSystemRole = (code: string) =>
    roles.data?.items.find((item) => item.code === code)?.isSystem ?? false;
  const grantable = (roles.data?.items ?? [])
    .filter((role) => !role.isSystem)
    .map((role) => ({ value: role.code, label: locale === 'en' ? role.nameEn : role.name }));

  const done = () => {
    void message.success(t('admin.saved'));
    void queryClient.invalidateQueries({ queryKey: usersKey });
  };
  const onError = (error: unknown) => void message.error(errorText(error));

  const create = useMutation({
    mutationFn: (input: CreateForm) =>
      apiRequest<{ user: UserView; initialPassword: string | null }>('/api/users', {
        method: 'POST',
        body: {
          username: input.username,
          displayName: input.displayName,
          roles: [input.role],
          ...(input.organisationCode ? { organisationCode: input.organisationCode } : {}),
          ...(input.password ? { password: input.password } : {}),
        },
      }),
    onSuccess: (result) => {
      done();
      createForm.resetFields();
      setDialog({ kind: 'password', name: result.user.username, password: result.initialPassword });
    },
    onError,
  });
  const update = useMutation({
    mutationFn: ({ user, input }: { user: UserView; input: EditForm }) =>
      apiRequest<UserView>(`/api/users/${encodeURIComponent(user.id)}`, {
        method: 'PATCH',
        body: { displayName: input.displayName, organisationCode: input.organisationCode || null },
      }),
    onSuccess: () => {
      done();
      setDialog(null);
    },
    onError,
  });
  const assign = useMutation({
    mutationFn: ({ user, role }: { user: UserView; role: RoleCode }) =>
      apiRequest<UserView>(`/api/users/${encodeURIComponent(user.id)}/roles`, {
        method: 'PUT',
        body: { roles: [role] },
      }),
    onSuccess: () => {
      done();
      setDialog(null);
    },
    onError,
  });
  const resetPassword = useMutation({
    mutationFn: (user: UserView) =>
      apiRequest<{ initialPassword: string | null }>(
        `/api/users/${encodeURIComponent(user.id)}/reset-password`,
        { method: 'POST', body: {} },
      ),
    onSuccess: (result, user) => {
      done();
      setDialog({ kind: 'password', name: user.username, password: result.initialPassword });
    },
    onError,
  });
  const lock = useMutation({
    mutationFn: ({ user, locked }: { user: UserView; locked: boolean }) =>
      apiRequest<UserView>(`/api/users/${encodeURIComponent(user.id)}/${locked ? 'lock' : 'unlock'}`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: done,
    onError,
  });

  const actions = (user: UserView) => {
    const systemUser = user.roles.some(isSystemRole);
    return (
      <Space size={4} wrap>
        {can('users.update') && (
          <Button
            size="small"
            onClick={() => {
              editForm.setFieldsValue({
                displayName: user.displayName,
                organisationCode: user.organisation?.code,
              });
              setDialog({ kind: 'edit', user });
            }}
          >
            {t('admin.action.edit')}
          </Button>
        )}
        {can('users.reset_password') && (
          <Popconfirm
            title={t('admin.confirm.resetPassword', { name: user.username })}
            onConfirm={() => resetPassword.mutate(user)}
          >
            <Button size="small">{t('admin.action.resetPassword')}</Button>
          </Popconfirm>
        )}
        {can('roles.assign') && (
          <Tooltip title={systemUser ? t('admin.systemRole') : undefined}>
            <Button
              size="small"
              disabled={systemUser}
              onClick={() => {
                roleForm.setFieldsValue({ role: user.roles[0] as RoleCode });
                setDialog({ kind: 'roles', user });
              }}
            >
              {t('admin.action.assignRole')}
            </Button>
          </Tooltip>
        )}
        {can('users.lock') &&
          (user.isLocked ? (
            <Button size="small" onClick={() => lock.mutate({ user, locked: false })}>
              {t('admin.action.unlock')}
            </Button>
          ) : (
            <Popconfirm
              title={t('admin.confirm.lock', { name: user.username })}
              onConfirm={() => lock.mutate({ user, locked: true })}
            >
              <Button size="small" danger>
                {t('admin.action.lock')}
              </Button>
            </Popconfirm>
          ))}
      </Space>
    );
  };

  const required = [{ required: true, message: t('admin.form.required') }];

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12}>
        <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
          {t('admin.title')}
        </Typography.Title>
        {can('users.create') && (
          <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('admin.create')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <QueryState
          isLoading={users.isLoading}
          error={users.error}
          isEmpty={users.data?.items.length === 0}
          emptyText={t('admin.empty')}
          onRetry={() => void users.refetch()}
        >
          <Table<UserView>
            size="small"
            rowKey="id"
            dataSource={users.data?.items ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('admin.col.username'), dataIndex: 'username', width: 150 },
              { title: t('admin.col.displayName'), dataIndex: 'displayName', width: 140 },
              {
                title: t('admin.col.roles'),
                dataIndex: 'roles',
                render: (codes: string[]) => codes.map((code) => <Tag key={code}>{roleName(code)}</Tag>),
              },
              {
                title: t('admin.col.organisation'),
                dataIndex: 'organisation',
                render: (organisation: UserView['organisation']) => organisationName(organisation, locale),
              },
              {
                title: t('admin.col.status'),
                key: 'status',
                width: 160,
                render: (_: unknown, user) => (
                  <Space size={4} wrap>
                    {user.isLocked ? (
                      <Tag color="red">{t('admin.status.locked')}</Tag>
                    ) : (
                      <Tag color="green">{t('admin.status.active')}</Tag>
                    )}
                    {user.mustChangePassword && <Tag color="orange">{t('admin.status.mustChange')}</Tag>}
                    {user.isBuiltIn && <Tag>{t('admin.status.builtIn')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('admin.col.lastLogin'),
                dataIndex: 'lastLoginAt',
                width: 170,
                render: (at: string | null) => (at ? new Date(at).toLocaleString() : t('admin.never')),
              },
              { title: t('admin.col.actions'), key: 'actions', render: (_: unknown, user) => actions(user) },
            ]}
          />
        </QueryState>
      </Card>

      <Modal
        open={dialog?.kind === 'create'}
        title={t('admin.create')}
        okText={t('admin.form.save')}
        cancelText={t('admin.form.cancel')}
        confirmLoading={create.isPending}
        onOk={() => createForm.submit()}
        onCancel={() => setDialog(null)}
        forceRender
      >
        <Form<CreateForm>
          form={createForm}
          name="create-user"
          layout="vertical"
          onFinish={(values) => create.mutate(values)}
        >
          <Form.Item
            name="username"
            label={t('admin.form.username')}
            extra={t('admin.form.usernameHelp')}
            rules={[
              ...required,
              { pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/, message: t('admin.form.usernameHelp') },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.form.displayName')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('admin.form.role')} rules={required}>
            <Select options={grantable} loading={roles.isLoading} />
          </Form.Item>
          <Form.Item name="organisationCode" label={t('admin.form.organisationCode')}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('admin.form.password')} extra={t('admin.form.passwordHelp')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog?.kind === 'edit'}
        title={dialog?.kind === 'edit' ? t('admin.editTitle', { name: dialog.user.username }) : ''}
        okText={t('admin.form.save')}
        cancelText={t('admin.form.cancel')}
        confirmLoading={update.isPending}
        onOk={() => editForm.submit()}
        onCancel={() => setDialog(null)}
        forceRender
      >
        <Form<EditForm>
          form={editForm}
          name="edit-user"
          layout="vertical"
          onFinish={(input) => dialog?.kind === 'edit' && update.mutate({ user: dialog.user, input })}
        >
          <Form.Item name="displayName" label={t('admin.form.displayName')} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="organisationCode" label={t('admin.form.organisationCode')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog?.kind === 'roles'}
        title={dialog?.kind === 'roles' ? t('admin.assignTitle', { name: dialog.user.username }) : ''}
        okText={t('admin.form.save')}
        cancelText={t('admin.form.cancel')}
        confirmLoading={assign.isPending}
        onOk={() => roleForm.submit()}
        onCancel={() => setDialog(null)}
        forceRender
      >
        <Form<{ role: RoleCode }>
          form={roleForm}
          name="assign-role"
          layout="vertical"
          onFinish={({ role }) => dialog?.kind === 'roles' && assign.mutate({ user: dialog.user, role })}
        >
          <Form.Item name="role" label={t('admin.form.role')} rules={required}>
            <Select options={grantable} loading={roles.isLoading} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog?.kind === 'password'}
        title={t('admin.initialPassword.title')}
        footer={
          <Button type="primary" onClick={() => setDialog(null)}>
            {t('admin.close')}
          </Button>
        }
        onCancel={() => setDialog(null)}
      >
        {dialog?.kind === 'password' &&
          (dialog.password ? (
            <Flex vertical gap={8}>
              <Typography.Text>{t('admin.initialPassword.body', { name: dialog.name })}</Typography.Text>
              <Typography.Text code copyable>
                {dialog.password}
              </Typography.Text>
            </Flex>
          ) : (
            <Typography.Text>{t('admin.initialPassword.none')}</Typography.Text>
          ))}
      </Modal>
    </Flex>
  );
}

/** The page inside antd's App, which gives it `message`. */
function AdminRoute() {
  return (
    <App component={false}>
      <AdminPage />
    </App>
  );
}

export const Component = guarded(AdminRoute);
