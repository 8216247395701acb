import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../i18n/locale-context.tsx';
import { downloadFrom, queryString } from './download.ts';
import { useErrorText } from './query-state.tsx';

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/**
 * A list's filters and page in the address (`?tier=national&page=2`), so every filtered list can be
 * bookmarked, reloaded and linked to (the cockpit's map links to `/clusters?cityCode=…`).
 */
export function useListFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const out: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const value = params.get(key);
      if (value) out[key] = value;
    }
    return out;
  }, [params, keys]);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize') ?? '20') || 20));

  const setFilter = useCallback(
    (key: K, value: string | undefined) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(key, value);
          else next.delete(key);
          next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const setPage = useCallback(
    (nextPage: number, nextSize: number) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.set('page', String(nextPage));
        next.set('pageSize', String(nextSize));
        return next;
      });
    },
    [setParams],
  );
  const reset = useCallback(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams();
        const tab = current.get('tab');
        if (tab) next.set('tab', tab);
        return next;
      },
      { replace: true },
    );
  }, [setParams]);
  const query = queryString({ ...filters, page, pageSize });
  return { filters, page, pageSize, setFilter, setPage, reset, query };
}

/** "Export Excel" and "Export CSV" of a list with its current filters (`GET <path>?format=xlsx&…`). */
export function ExportButtons({
  path,
  filters,
  fileStem,
}: {
  path: string;
  filters: Record<string, string | undefined>;
  fileStem: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<'xlsx' | 'csv' | null>(null);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(format);
    try {
      await downloadFrom(`${path}${queryString({ ...filters, format })}`, `${fileStem}.${format}`);
    } catch (error) {
      void message.error(t('list.exportFailed', { message: errorText(error) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space>
      <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void run('xlsx')}>
        {t('list.exportXlsx')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'csv'} onClick={() => void run('csv')}>
        {t('list.exportCsv')}
      </Button>
    </Space>
  );
}
