import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n/locale-context.tsx';

/** A detail page's heading: a back link to its list and the entity's name. */
export function DetailHeading({ back, title }: { back: string; title: ReactNode }) {
  const t = useT();
  return (
    <Flex align="center" gap={12}>
      <Link to={back} aria-label={t('common.back')}>
        <Button type="text" icon={<ArrowLeftOutlined />} tabIndex={-1} />
      </Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
    </Flex>
  );
}

/** A detail page whose entity does not exist or is outside the user's scope (the server answers 404 for both). */
export function DetailNotFound({ back, title }: { back: string; title: string }) {
  const t = useT();
  return <Result status="404" title={title} extra={<Link to={back}>{t('common.back')}</Link>} />;
}
