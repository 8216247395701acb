import { InboxOutlined } from '@ant-design/icons';
import type {
  CollectionImportResult,
  SubmissionDetail,
  SubmissionView,
  ValidationReport,
} from '@qunce/core/collection';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import {
  ApiError,
  type ApiErrorCode,
  apiRequest,
  csrfCookie,
  csrfHeader,
  readCookie,
} from '../../api/client.ts';
import { saveFile } from '../../components/download.ts';
import { useErrorText } from '../../components/query-state.tsx';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { localiseServerMessage } from '../../i18n/translate.ts';
import { ValidationIssues } from './fill-form.tsx';

type Issue = CollectionImportResult['issues'][number];

/** POSTs the file as multipart part `file`; JSON errors become `ApiError`, a success is the raw response. */
async function postWorkbook(path: string, file: File): Promise<Response> {
  const form = new FormData();
  form.append('file', file, file.name);
  const token = readCookie(csrfCookie);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: token ? { [csrfHeader]: token, accept: 'application/json' } : { accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器 / cannot reach the server');
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code: ApiErrorCode; message: string; details?: Record<string, unknown> } }
    | undefined;
  throw new ApiError(
    response.status,
    body?.error?.code ?? 'internal',
    body?.error?.message ?? `HTTP ${response.status}`,
    body?.error?.details,
  );
}

/** `POST /api/collection/submissions/:id/import?dryRun=` with the workbook. */
export async function importWorkbook(
  submissionId: string,
  file: File,
  dryRun: boolean,
): Promise<CollectionImportResult> {
  const response = await postWorkbook(
    `/api/collection/submissions/${submissionId}/import?dryRun=${dryRun}`,
    file,
  );
  return (await response.json()) as CollectionImportResult;
}

/** The problems of an uploaded workbook, one row per cell: sheet, row, column, value, reason. */
export function ImportIssues({ issues }: { issues: readonly Issue[] }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <Table<Issue & { key: number }>
      size="small"
      data-testid="collection-upload-issues"
      pagination={issues.length > 20 ? { pageSize: 20 } : false}
      dataSource={issues.map((issue, key) => ({ ...issue, key }))}
      columns={[
        { title: t('collectionFlow.sheet'), dataIndex: 'sheet', width: 110 },
        { title: t('collectionFlow.row'), dataIndex: 'row', width: 70 },
        {
          title: t('collectionFlow.column'),
          key: 'column',
          width: 160,
          render: (_: unknown, issue) => (issue.header ? `${issue.column} · ${issue.header}` : issue.column),
        },
        {
          title: t('collectionFlow.value'),
          dataIndex: 'value',
          width: 140,
          render: (value: string | null) => value ?? '—',
        },
        {
          title: t('collectionFlow.issue'),
          dataIndex: 'reason',
          render: (reason: string) => (
            <Typography.Text type="danger">{localiseServerMessage(reason, locale)}</Typography.Text>
          ),
        },
      ]}
    />
  );
}

/**
 * Upload a filled (prefilled) workbook of one submission: a dry run shows every problem by sheet,
 * row and column; a clean file is then imported, validated, and can be submitted.
 */
export function WorkbookUpload({
  submission,
  onSubmitted,
}: {
  submission: SubmissionView;
  onSubmitted: () => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<CollectionImportResult | null>(null);
  const [imported, setImported] = useState<{ version: number; report: ValidationReport } | null>(null);

  const check = useMutation({
    mutationFn: (picked: File) => importWorkbook(submission.id, picked, true),
    onSuccess: (result) => setChecked(result),
    onError: (error) => void message.error(errorText(error)),
  });
  const commit = useMutation({
    mutationFn: async (picked: File) => {
      const result = await importWorkbook(submission.id, picked, false);
      const detail = await apiRequest<SubmissionDetail>(`/api/collection/submissions/${submission.id}`);
      const report = await apiRequest<ValidationReport>(
        `/api/collection/submissions/${submission.id}/validation`,
      );
      return { result, version: detail.version, report };
    },
    onSuccess: ({ result, version, report }) => {
      setChecked(result);
      setImported({ version, report });
      void message.success(t('collectionFlow.imported', { count: result.changed }));
      void queryClient.invalidateQueries({ queryKey: ['collection'] });
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const submit = useMutation({
    mutationFn: (version: number) =>
      apiRequest<SubmissionView>(`/api/collection/submissions/${submission.id}/submit`, {
        method: 'POST',
        body: { version },
      }),
    onSuccess: () => {
      void message.success(t('collection.done'));
      void queryClient.invalidateQueries({ queryKey: ['collection'] });
      onSubmitted();
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const errorsWorkbook = useMutation({
    mutationFn: async (picked: File) => {
      const response = await postWorkbook(
        `/api/collection/submissions/${submission.id}/import/errors.xlsx`,
        picked,
      );
      saveFile(await response.blob(), `${picked.name.replace(/\.[^.]+$/, '')}-错误.xlsx`);
    },
    onError: (error) => void message.error(errorText(error)),
  });

  const pick = (picked: File) => {
    setFile(picked);
    setChecked(null);
    setImported(null);
    check.mutate(picked);
    return false;
  };
  const clean = checked !== null && checked.issues.length === 0;

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('collectionFlow.uploadHint')}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx"
        maxCount={1}
        showUploadList={false}
        beforeUpload={pick}
        data-testid="collection-upload-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? file.name : t('collectionFlow.uploadDrag')}</p>
      </Upload.Dragger>
      {check.isPending && <Typography.Text>{t('collectionFlow.checking')}</Typography.Text>}
      {checked && checked.issues.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('collectionFlow.uploadIssues', { count: checked.issues.length })}
            action={
              file && (
                <Button
                  size="small"
                  loading={errorsWorkbook.isPending}
                  onClick={() => errorsWorkbook.mutate(file)}
                >
                  {t('collectionFlow.errorsWorkbook')}
                </Button>
              )
            }
          />
          <ImportIssues issues={checked.issues} />
        </>
      )}
      {clean && !imported && (
        <Alert
          type="success"
          showIcon
          title={t('collectionFlow.uploadClean', { values: checked.values, changed: checked.changed })}
        />
      )}
      {imported && <ValidationIssues report={imported.report} />}
      <Flex justify="end" gap={8}>
        <Button
          data-testid="collection-upload-import"
          disabled={!clean || imported !== null || file === null}
          loading={commit.isPending}
          onClick={() => file && commit.mutate(file)}
        >
          {t('collectionFlow.import')}
        </Button>
        <Popconfirm
          title={t('collectionFlow.submitConfirm')}
          onConfirm={() => imported && submit.mutate(imported.version)}
          disabled={!imported?.report.ok}
        >
          <Button
            type="primary"
            data-testid="collection-upload-submit"
            disabled={!imported?.report.ok}
            loading={submit.isPending}
          >
            {t('collection.submit')}
          </Button>
        </Popconfirm>
      </Flex>
    </Flex>
  );
}
