import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { isApiError } from '../api/client.ts';
import { useLocale, useT } from '../i18n/locale-context.tsx';
import { localiseServerMessage } from '../i18n/translate.ts';

/** The error of a request in the UI language (server messages are "中文 / English"). */
export function useErrorText(): (error: unknown) => string {
  const { locale } = useLocale();
  return (error) =>
    localiseServerMessage(
      isApiError(error) || error instanceof Error ? error.message : String(error),
      locale,
    );
}

/** Whether an address answered 404 because the feature behind it is not built yet (or the row is missing). */
export const isNotFound = (error: unknown): boolean => isApiError(error) && error.status === 404;

/** Loading skeleton, an error with "retry", or an empty state; the content otherwise. */
export function QueryState({
  isLoading,
  error,
  isEmpty,
  emptyText,
  onRetry,
  children,
}: {
  isLoading: boolean;
  error: unknown;
  isEmpty?: boolean;
  emptyText?: ReactNode;
  onRetry?: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const errorText = useErrorText();
  if (isLoading) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('common.loadFailed', { message: errorText(error) })}
        action={
          onRetry && (
            <Button size="small" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          )
        }
      />
    );
  }
  if (isEmpty)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('common.noData')} />;
  return <>{children}</>;
}
