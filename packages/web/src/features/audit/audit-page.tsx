import type { AuditEntryView } from '@qunce/core/auth';
import { useQuery } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Input,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../api/client.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

type AuditPage = { items: AuditEntryView[]; nextBeforeSeq: number | null };
type Filters = {
  from?: string;
  to?: string;
  actorName?: string;
  action?: string;
  entityType?: string;
  outcome?: AuditEntryView['outcome'];
};

const pageSize = 50;
const outcomes = ['success', 'denied', 'failure'] as const;
const outcomeColours: Record<AuditEntryView['outcome'], string> = {
  success: 'green',
  denied: 'orange',
  failure: 'red',
};
const outcomeKey = (outcome: AuditEntryView['outcome']): MessageKey => `audit.outcome.${outcome}`;

/** The query string of one page of the trail (newest first; `beforeSeq` is the cursor). */
export function auditQuery(filters: Filters, beforeSeq: number | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (beforeSeq !== undefined) params.set('beforeSeq', String(beforeSeq));
  params.set('limit', String(pageSize));
  return `?${params.toString()}`;
}

function JsonBlock({ value, none }: { value: unknown; none: string }) {
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{none}</Typography.Text>;
  return (
    <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** 审计日志: the auditor's view of the trail, with filters, cursor paging and before/after of a row. */
export function AuditPage() {
  const t = useT();
  const [filters, setFilters] = useState<Filters>({});
  // Cursors of the pages seen so far: [undefined (newest), seq, seq, …]; the last one is shown.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<AuditEntryView | null>(null);
  const beforeSeq = cursors.at(-1);
  const query = auditQuery(filters, beforeSeq);
  const audit = useQuery({
    queryKey: ['audit', query],
    queryFn: () => apiRequest<AuditPage>(`/api/audit${query}`),
  });
  useEffect(() => {
    document.title = `${t('audit.title')} · ${t('app.name')}`;
  }, [t]);

  const setFilter = (patch: Filters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setCursors([undefined]);
  };
  const reset = () => {
    setFilters({});
    setCursors([undefined]);
  };
  const next = audit.data?.nextBeforeSeq ?? null;
  // The filters match exactly: offer the codes seen on the current page.
  const suggestions = (key: 'action' | 'entityType') =>
    [...new Set((audit.data?.items ?? []).map((item) => item[key]))].sort().map((value) => ({ value }));

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Card size="small">
        <Flex gap={8} wrap role="search" aria-label={t('list.filters')}>
          <DatePicker.RangePicker
            showTime
            aria-label={t('audit.filter.range')}
            placeholder={[t('audit.filter.range'), t('audit.filter.range')]}
            onChange={(values) =>
              setFilter({
                from: values?.[0]?.toISOString() ?? undefined,
                to: values?.[1]?.toISOString() ?? undefined,
              })
            }
          />
          <Input.Search
            allowClear
            aria-label={t('audit.filter.actor')}
            placeholder={t('audit.filter.actor')}
            style={{ width: 160 }}
            onSearch={(value) => setFilter({ actorName: value.trim() || undefined })}
          />
          <AutoComplete
            options={suggestions('action')}
            style={{ width: 180 }}
            onSelect={(value: string) => setFilter({ action: value })}
          >
            <Input.Search
              allowClear
              aria-label={t('audit.filter.action')}
              placeholder={t('audit.filter.action')}
              onSearch={(value) => setFilter({ action: value.trim() || undefined })}
            />
          </AutoComplete>
          <AutoComplete
            options={suggestions('entityType')}
            style={{ width: 160 }}
            onSelect={(value: string) => setFilter({ entityType: value })}
          >
            <Input.Search
              allowClear
              aria-label={t('audit.filter.entityType')}
              placeholder={t('audit.filter.entityType')}
              onSearch={(value) => setFilter({ entityType: value.trim() || undefined })}
            />
          </AutoComplete>
          <Select
            allowClear
            aria-label={t('audit.filter.outcome')}
            placeholder={t('audit.filter.outcome')}
            style={{ width: 120 }}
            value={filters.outcome}
            onChange={(value?: AuditEntryView['outcome']) => setFilter({ outcome: value })}
            options={outcomes.map((outcome) => ({ value: outcome, label: t(outcomeKey(outcome)) }))}
          />
          <Button onClick={reset}>{t('common.reset')}</Button>
        </Flex>
      </Card>
      <Card size="small">
        <QueryState isLoading={false} error={audit.error} onRetry={() => void audit.refetch()}>
          <Table<AuditEntryView>
            size="small"
            rowKey="seq"
            loading={audit.isLoading}
            dataSource={audit.data?.items ?? []}
            locale={{ emptyText: t('audit.empty') }}
            pagination={false}
            onRow={(row) => ({ onClick: () => setSelected(row), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: t('audit.col.at'),
                dataIndex: 'at',
                width: 180,
                render: (at: string) => new Date(at).toLocaleString(),
              },
              {
                title: t('audit.col.actor'),
                dataIndex: 'actorName',
                width: 130,
                render: (name: string | null) => name ?? t('audit.system'),
              },
              {
                title: t('audit.col.action'),
                dataIndex: 'action',
                render: (action: string, row) => (
                  <Typography.Link onClick={() => setSelected(row)}>{action}</Typography.Link>
                ),
              },
              { title: t('audit.col.entityType'), dataIndex: 'entityType', width: 140 },
              { title: t('audit.col.entityId'), dataIndex: 'entityId', width: 180, ellipsis: true },
              { title: t('audit.col.ip'), dataIndex: 'ip', width: 130 },
              {
                title: t('audit.col.outcome'),
                dataIndex: 'outcome',
                width: 90,
                render: (outcome: AuditEntryView['outcome']) => (
                  <Tag color={outcomeColours[outcome]}>{t(outcomeKey(outcome))}</Tag>
                ),
              },
            ]}
          />
          <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 12 }}>
            <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('audit.newer')}
            </Button>
            <Typography.Text>{t('audit.pageNo', { page: cursors.length })}</Typography.Text>
            <Button disabled={next === null} onClick={() => next !== null && setCursors((c) => [...c, next])}>
              {t('audit.older')}
            </Button>
          </Flex>
        </QueryState>
      </Card>
      <Drawer
        open={selected !== null}
        onClose={() => setSelected(null)}
        size="large"
        title={selected ? t('audit.drawer.title', { seq: selected.seq }) : ''}
      >
        {selected && (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('audit.col.at')}>
                {new Date(selected.at).toLocaleString()}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.col.actor')}>
                {selected.actorName ?? t('audit.system')}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.col.action')}>{selected.action}</Descriptions.Item>
              <Descriptions.Item label={t('audit.col.entityType')}>{selected.entityType}</Descriptions.Item>
              <Descriptions.Item label={t('audit.col.entityId')}>{selected.entityId ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('audit.col.ip')}>{selected.ip ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('audit.col.outcome')}>
                {t(outcomeKey(selected.outcome))}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.drawer.hash')}>
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {selected.hash}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('audit.drawer.before')}
            </Typography.Title>
            <JsonBlock value={selected.before} none={t('audit.drawer.none')} />
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('audit.drawer.after')}
            </Typography.Title>
            <JsonBlock value={selected.after} none={t('audit.drawer.none')} />
          </Flex>
        )}
      </Drawer>
    </Flex>
  );
}

export const Component = guarded(AuditPage);
