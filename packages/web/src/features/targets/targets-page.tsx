import type { TargetsResponse } from '@qunce/core/targets';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { sessionQuery } from '../../api/auth.ts';
import { apiRequest } from '../../api/client.ts';
import { downloadFrom } from '../../components/download.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState, useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { NewVersionButton } from './new-version-form.tsx';
import { PatternPanel } from './pattern-panel.tsx';
import { chosenSet, isNewestVersion, SetPicker, ThresholdsButton, useTargetSets } from './set-controls.tsx';
import { TargetDrawer } from './target-drawer.tsx';
import { formatNumber, progressStatusColours, progressStatusKey } from './target-labels.ts';
import { TargetWorkPanel } from './target-work-panel.tsx';
import { type SetChoice, setQuery } from './targets-api.ts';
import { TasksPanel } from './tasks-panel.tsx';

type TargetRow = TargetsResponse['targets'][number];

function ReportButtons({ date, choice }: { date: string | undefined; choice: SetChoice }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const download = (format: 'xlsx' | 'docx') => {
    downloadFrom(
      `/api/targets/report.${format}${setQuery(choice, { date })}`,
      `${t('targets.title')}.${format}`,
    ).catch(
      (error: unknown) => void message.error(t('targets.downloadFailed', { message: errorText(error) })),
    );
  };
  return (
    <Space>
      <Button onClick={() => download('xlsx')}>{t('targets.downloadXlsx')}</Button>
      <Button onClick={() => download('docx')}>{t('targets.downloadDocx')}</Button>
    </Space>
  );
}

function TargetsTable({
  date,
  choice,
  editable,
  initialCode,
}: {
  date: string | undefined;
  choice: SetChoice;
  editable: boolean;
  /** `?code=T11` (the cockpit's target board links here): open that target's drawer. */
  initialCode: string | null;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [openCode, setOpenCode] = useState<string | null>(initialCode);
  const targets = useQuery({
    queryKey: ['targets', date, choice.set ?? null, choice.version ?? null],
    queryFn: () => apiRequest<TargetsResponse>(`/api/targets${setQuery(choice, { date })}`),
  });
  // The drawer follows the refreshed row after a baseline or a value is saved.
  const open = targets.data?.targets.find((row) => row.code === openCode) ?? null;
  return (
    <QueryState isLoading={false} error={targets.error} onRetry={() => void targets.refetch()}>
      <Table<TargetRow>
        size="small"
        rowKey="code"
        loading={targets.isLoading}
        dataSource={targets.data?.targets ?? []}
        locale={{ emptyText: t('targets.empty') }}
        pagination={false}
        onRow={(row) => ({ onClick: () => setOpenCode(row.code), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('targets.code'), dataIndex: 'code', width: 90 },
          {
            title: t('targets.text'),
            dataIndex: 'text',
            render: (text: string, row) => (locale === 'zh-CN' ? text : row.textEn),
          },
          {
            title: t('targets.owners'),
            dataIndex: 'owners',
            width: 220,
            render: (owners: string[]) => owners.join('、'),
          },
          {
            title: t('targets.actual'),
            dataIndex: 'actual',
            width: 130,
            align: 'right',
            render: (actual: number | null, row) =>
              `${formatNumber(actual)} ${actual === null ? '' : row.unit}`,
          },
          {
            title: t('targets.value'),
            dataIndex: 'value',
            width: 130,
            align: 'right',
            render: (value: number, row) => `${formatNumber(value)} ${row.unit}`,
          },
          { title: t('targets.deadline'), dataIndex: 'deadline', width: 110 },
          {
            title: t('targets.status'),
            dataIndex: 'status',
            width: 120,
            render: (status: TargetRow['status']) => (
              <Tag color={progressStatusColours[status]}>{t(progressStatusKey(status))}</Tag>
            ),
          },
        ]}
      />
      <TargetDrawer
        target={open}
        onClose={() => setOpenCode(null)}
        extra={open && <TargetWorkPanel target={open} choice={choice} editable={editable} />}
      />
    </QueryState>
  );
}

/** 目标任务看板: targets with status and calculation, the 3830 view, key tasks and their reports. */
export function TargetsPage() {
  const t = useT();
  const { data: session } = useQuery(sessionQuery);
  const permissions = session?.user.permissions ?? [];
  const canTargets = permissions.includes('targets.read');
  const canTasks = permissions.includes('tasks.read');
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? undefined;
  const tab = params.get('tab');
  const versionParam = Number(params.get('version'));
  const choice: SetChoice = {
    set: params.get('set') ?? undefined,
    version: Number.isInteger(versionParam) && versionParam > 0 ? versionParam : undefined,
  };
  const sets = useTargetSets();
  const setItems = sets.data?.items ?? [];
  const shown = chosenSet(setItems, choice);
  const editable = isNewestVersion(setItems, shown);
  const canManage = permissions.includes('targets.manage');
  useEffect(() => {
    document.title = `${t('nav.targets')} · ${t('app.name')}`;
  }, [t]);

  const setParam = (values: Partial<Record<'date' | 'tab' | 'set' | 'version', string | undefined>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(values)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const items = [
    ...(canTargets
      ? [
          {
            key: 'targets',
            label: t('targets.tab.targets'),
            children: (
              <TargetsTable
                date={date}
                choice={choice}
                editable={editable}
                initialCode={params.get('code')}
              />
            ),
          },
          { key: 'pattern', label: t('targets.tab.pattern'), children: <PatternPanel date={date} /> },
        ]
      : []),
    ...(canTasks
      ? [{ key: 'tasks', label: t('targets.tab.tasks'), children: <TasksPanel set={choice.set} /> }]
      : []),
  ];

  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Flex align="center" gap={12} wrap>
          <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
            {t('targets.title')}
          </Typography.Title>
          {canTargets && (
            <>
              <DatePicker
                aria-label={t('targets.date')}
                placeholder={t('targets.date')}
                value={date ? dayjs(date) : null}
                onChange={(value) => setParam({ date: value ? value.format('YYYY-MM-DD') : undefined })}
              />
              <SetPicker
                choice={choice}
                onChange={(next) =>
                  setParam({
                    set: next.set,
                    version: next.version === undefined ? undefined : String(next.version),
                  })
                }
              />
              {canManage && editable && shown && <ThresholdsButton summary={shown} />}
              {canManage && shown && (
                <NewVersionButton
                  summary={shown}
                  versions={setItems}
                  onCreated={(created) => setParam({ set: created.code, version: String(created.version) })}
                />
              )}
              <ReportButtons date={date} choice={choice} />
            </>
          )}
        </Flex>
        {canTargets && shown && !editable && <Alert type="info" showIcon title={t('targetsWork.setOld')} />}
        <Card size="small">
          <Tabs
            items={items}
            activeKey={items.some((item) => item.key === tab) ? (tab ?? undefined) : items[0]?.key}
            onChange={(key) => setParam({ tab: key })}
            destroyOnHidden
          />
        </Card>
      </Flex>
    </App>
  );
}

export const Component = guarded(TargetsPage);
