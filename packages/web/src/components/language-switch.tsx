import { Segmented } from 'antd';
import { useLocale, useT } from '../i18n/locale-context.tsx';
import { isLocale, type Locale, locales } from '../i18n/translate.ts';

/** 中文 | English. The choice is remembered in localStorage (locale-context.tsx). */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const t = useT();
  const { locale, setLocale } = useLocale();
  return (
    <Segmented<Locale>
      aria-label={t('locale.label')}
      size={size}
      value={locale}
      options={locales.map((value) => ({ value, label: t(`locale.${value}`) }))}
      onChange={(value) => {
        if (isLocale(value)) setLocale(value);
      }}
    />
  );
}
