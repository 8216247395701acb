import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCNAntd from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { LocaleProvider, useLocale } from './i18n/locale-context.tsx';
import type { Locale } from './i18n/translate.ts';

/** System fonts only (no web fonts are downloaded): CJK faces first so Chinese never falls back to boxes. */
export const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

export const theme: ThemeConfig = {
  token: { colorPrimary: '#1f4fbf', colorInfo: '#1f4fbf', borderRadius: 6, fontFamily },
  components: { Layout: { headerBg: '#ffffff', siderBg: '#0f2350' } },
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: false },
    },
  });
}

function AntdLocale({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCNAntd}
      theme={theme}
      button={{ autoInsertSpace: false }}
    >
      {children}
    </ConfigProvider>
  );
}

/** Language, Ant Design configuration and the query cache: everything a page needs around it. */
export function AppProviders({
  queryClient,
  children,
  initialLocale,
}: {
  queryClient: QueryClient;
  children: ReactNode;
  initialLocale?: Locale;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider initialLocale={initialLocale}>
        <AntdLocale>{children}</AntdLocale>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
