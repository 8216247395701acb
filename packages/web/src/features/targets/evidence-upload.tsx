import { App, Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../components/query-state.tsx';
import { useT } from '../../i18n/locale-context.tsx';
import { uploadAttachment } from './targets-api.ts';

/** Evidence files for a report: each file is uploaded at once (`POST /api/attachments`); the form keeps their ids. */
export function EvidenceUpload({
  value = [],
  onChange,
  id,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload
      fileList={files}
      multiple
      customRequest={({ file, onSuccess, onError }) => {
        uploadAttachment(file as File)
          .then((attachmentId) => {
            onChange?.([...value, attachmentId]);
            setFiles((current) =>
              current.map((f) =>
                f.uid === (file as UploadFile).uid ? { ...f, url: undefined, response: attachmentId } : f,
              ),
            );
            onSuccess?.(attachmentId);
          })
          .catch((error: unknown) => {
            void message.error(t('targetsWork.uploadFailed', { message: errorText(error) }));
            onError?.(error instanceof Error ? error : new Error(String(error)));
          });
      }}
      onChange={(info) => setFiles(info.fileList)}
      onRemove={(file) => {
        const attachmentId = typeof file.response === 'string' ? file.response : undefined;
        if (attachmentId) onChange?.(value.filter((v) => v !== attachmentId));
      }}
    >
      <Button id={id}>{t('targetsWork.upload')}</Button>
    </Upload>
  );
}
