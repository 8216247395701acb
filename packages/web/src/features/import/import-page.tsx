import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { Job } from '@qunce/core';
import type { ImportIssue } from '@qunce/core/import';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Progress,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { sessionQuery } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import {
  errorWorkbookUrl,
  followJob,
  type ImportKind,
  type ImportResult,
  importKinds,
  startImport,
  templateUrl,
} from '../../api/imports.ts';
import { downloadFrom } from '../../components/download.ts';
import { guarded } from '../../components/feature-guard.tsx';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

type Phase =
  | { step: 'choose' }
  | { step: 'checking'; job: Job | null }
  | { step: 'checked'; job: Job; result: ImportResult }
  | { step: 'committing'; job: Job | null }
  | { step: 'done'; result: ImportResult }
  | { step: 'failed'; message: string };

const kindKey = (kind: string) => `import.kind.${kind}` as MessageKey;

/** 导入向导: kind and template, upload, dry run with row-level errors, commit with progress. */
export function ImportPage() {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { data: session } = useQuery(sessionQuery);
  const permissions: readonly string[] = session?.user.permissions ?? [];
  const kinds = importKinds.filter((k) => permissions.includes(k.permission));
  const [kind, setKind] = useState<ImportKind | undefined>(kinds[0]?.kind);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    document.title = `${t('nav.import')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async (dryRun: boolean) => {
    if (!kind || !file) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setPhase(dryRun ? { step: 'checking', job: null } : { step: 'committing', job: null });
    try {
      const started = await startImport(kind, file, dryRun);
      const job = await followJob(
        started.id,
        (update) =>
          setPhase(dryRun ? { step: 'checking', job: update } : { step: 'committing', job: update }),
        { signal: controller.signal },
      );
      if (job.status !== 'succeeded') {
        setPhase({
          step: 'failed',
          message:
            job.status === 'cancelled'
              ? t('import.cancelled')
              : errorText(new Error(job.error?.message ?? '')),
        });
        return;
      }
      const result = job.result as ImportResult;
      setPhase(dryRun || !result.committed ? { step: 'checked', job, result } : { step: 'done', result });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      setPhase({
        step: 'failed',
        message: isApiError(error) && error.status === 404 ? t('import.notAvailable') : errorText(error),
      });
    }
  };

  const download = (url: string, name: string) => {
    downloadFrom(url, name).catch((error: unknown) =>
      message.error(t('list.exportFailed', { message: errorText(error) })),
    );
  };

  const current =
    phase.step === 'choose' ? (file ? 1 : 0) : phase.step === 'checking' || phase.step === 'checked' ? 2 : 3;
  const restart = () => {
    setFile(null);
    setPhase({ step: 'choose' });
  };

  return (
    <App component={false}>
      <Flex vertical gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('import.title')}
        </Typography.Title>
        <Card size="small">
          <Steps
            size="small"
            current={current}
            items={[
              { title: t('import.step.kind') },
              { title: t('import.step.upload') },
              { title: t('import.step.check') },
              { title: t('import.step.commit') },
            ]}
          />
        </Card>
        <Card size="small">
          <Flex vertical gap={16}>
            <Space wrap>
              <label htmlFor="import-kind">{t('import.kind')}</label>
              <Select<ImportKind>
                id="import-kind"
                style={{ width: 200 }}
                value={kind}
                disabled={phase.step !== 'choose' && phase.step !== 'failed'}
                onChange={(value) => {
                  setKind(value);
                  restart();
                }}
                options={kinds.map((k) => ({ value: k.kind, label: t(kindKey(k.kind)) }))}
              />
              <Button
                icon={<DownloadOutlined />}
                disabled={!kind}
                onClick={() => kind && download(templateUrl(kind), `${t(kindKey(kind))}.xlsx`)}
              >
                {t('import.template')}
              </Button>
              <Typography.Text type="secondary">{t('import.templateHint')}</Typography.Text>
            </Space>

            {(phase.step === 'choose' || phase.step === 'failed') && (
              <>
                <Upload.Dragger
                  accept=".xlsx,.csv"
                  multiple={false}
                  maxCount={1}
                  fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                  beforeUpload={(chosen) => {
                    setFile(chosen);
                    setPhase({ step: 'choose' });
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('import.dragHint')}</p>
                </Upload.Dragger>
                {phase.step === 'failed' && (
                  <Alert
                    type="error"
                    showIcon
                    role="alert"
                    title={t('import.failed', { message: phase.message })}
                  />
                )}
                <div>
                  <Button
                    type="primary"
                    icon={<CloudUploadOutlined />}
                    disabled={!file || !kind}
                    onClick={() => void run(true)}
                  >
                    {t('import.dryRun')}
                  </Button>
                </div>
              </>
            )}

            {(phase.step === 'checking' || phase.step === 'committing') && (
              <Flex vertical gap={8} aria-live="polite">
                <Typography.Text>
                  {phase.step === 'checking' ? t('import.checking') : t('import.committing')}
                  {phase.job?.message ? ` ${errorText(new Error(phase.job.message))}` : ''}
                </Typography.Text>
                <Progress
                  percent={Math.round((phase.job?.progress ?? 0) * 100)}
                  status="active"
                  aria-label={phase.step === 'checking' ? t('import.checking') : t('import.committing')}
                />
              </Flex>
            )}

            {phase.step === 'checked' && (
              <CheckResult
                result={phase.result}
                onErrorWorkbook={() =>
                  download(
                    errorWorkbookUrl(phase.job.id),
                    `${file?.name.replace(/\.[^.]+$/, '') ?? 'import'}-错误.xlsx`,
                  )
                }
                onCommit={() => void run(false)}
                onAgain={restart}
              />
            )}

            {phase.step === 'done' && (
              <Result
                status="success"
                title={t('import.done', {
                  insert: phase.result.counts.insert,
                  update: phase.result.counts.update,
                  unchanged: phase.result.counts.unchanged,
                })}
                extra={<Button onClick={restart}>{t('import.restart')}</Button>}
              />
            )}
          </Flex>
        </Card>
      </Flex>
    </App>
  );
}

function CheckResult({
  result,
  onErrorWorkbook,
  onCommit,
  onAgain,
}: {
  result: ImportResult;
  onErrorWorkbook: () => void;
  onCommit: () => void;
  onAgain: () => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const hasIssues = result.issues.length > 0;
  const normalised = (result.notices ?? []).reduce((sum, notice) => sum + (notice.count ?? 1), 0);
  return (
    <Flex vertical gap={12}>
      <Alert
        type={hasIssues ? 'error' : 'success'}
        showIcon
        role={hasIssues ? 'alert' : 'status'}
        title={hasIssues ? t('import.hasIssues', { count: result.issues.length }) : t('import.ok')}
        description={t('import.counts', { ...result.counts })}
      />
      {normalised > 0 && (
        <Typography.Text type="secondary">{t('import.notices', { count: normalised })}</Typography.Text>
      )}
      {hasIssues && (
        <Table<ImportIssue & { key: number }>
          size="small"
          caption={t('import.issues')}
          dataSource={result.issues.map((issue, key) => ({ ...issue, key }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('import.sheet'), dataIndex: 'sheet', width: 120 },
            { title: t('import.row'), dataIndex: 'row', width: 70 },
            { title: t('import.column'), dataIndex: 'column', width: 70 },
            { title: t('import.header'), dataIndex: 'header', width: 140, render: (v?: string) => v ?? '' },
            {
              title: t('import.value'),
              dataIndex: 'value',
              width: 200,
              render: (v: string | null) => v ?? '',
            },
            {
              title: t('import.reason'),
              dataIndex: 'reason',
              render: (v: string) => errorText(new Error(v)),
            },
          ]}
        />
      )}
      <Space>
        {hasIssues ? (
          <Button icon={<DownloadOutlined />} onClick={onErrorWorkbook}>
            {t('import.errorWorkbook')}
          </Button>
        ) : (
          <Button type="primary" onClick={onCommit}>
            {t('import.commit')}
          </Button>
        )}
        <Button onClick={onAgain}>{t('import.again')}</Button>
      </Space>
    </Flex>
  );
}

export const Component = guarded(ImportPage);
