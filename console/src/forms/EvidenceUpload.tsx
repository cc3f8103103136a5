// A form field holding uploaded evidence files: each file goes up as it is chosen, with its
// progress (XMLHttpRequest reports upload progress; fetch does not), and once stored shows the
// server's size and SHA-256 so the person can compare it with their copy. The field's value is the
// stored files; the form submits their ids.
import { useId, useRef, useState } from 'react';
import { Alert, Button, Progress, Space, Typography } from 'antd';
import { ItemList, ItemRow } from '../components/ItemList.js';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import type { components } from '../api/schema.js';
import { sessionHeaders } from '../api/client.js';
import { toApiError } from '../api/errors.js';

export type StoredFile = components['schemas']['EvidenceFile'];

export const formatSize = (bytes: number) =>
  bytes < 1024
    ? `${bytes} 字节`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Sends `file` as multipart field "file" to `url`, reporting progress (0–100). */
export function uploadFile(url: string, file: File, onProgress: (percent: number) => void): Promise<StoredFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(sessionHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as StoredFile);
      else reject(toApiError(body, new Response(null, { status: xhr.status })));
    };
    xhr.onerror = () => reject(toApiError(undefined, undefined));
    const data = new FormData();
    data.append('file', file);
    xhr.send(data);
  });
}

interface Props {
  /** Where files are stored (e.g. /inspections/{id}/evidence). */
  url: string;
  value?: StoredFile[];
  onChange?: (files: StoredFile[]) => void;
  max?: number;
  id?: string;
  'aria-label'?: string;
}

export function EvidenceUpload({ url, value = [], onChange, max = 20, id, ...rest }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const files = Array.isArray(value) ? value : [];

  async function chosen(list: FileList | null) {
    if (!list) return;
    setError(null);
    let stored = files;
    for (const file of Array.from(list)) {
      if (stored.length >= max) {
        setError(`最多上传 ${max} 个文件。`);
        break;
      }
      setProgress({ name: file.name, percent: 0 });
      try {
        const saved = await uploadFile(url, file, (percent) => setProgress({ name: file.name, percent }));
        stored = [...stored, saved];
        onChange?.(stored);
      } catch (e) {
        setError(`“${file.name}”未能上传：${(e as Error).message}`);
      }
    }
    setProgress(null);
    if (input.current) input.current.value = '';
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} id={id}>
      <input
        ref={input}
        id={inputId}
        type="file"
        multiple
        style={{ display: 'none' }}
        aria-label={rest['aria-label'] ?? '选择文件'}
        onChange={(e) => void chosen(e.target.files)}
        data-testid="evidence-input"
      />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} disabled={!!progress}>
        上传文件
      </Button>
      {progress && (
        <div role="status" aria-live="polite">
          <Typography.Text>正在上传“{progress.name}”</Typography.Text>
          <Progress percent={progress.percent} size="small" />
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} />}
      {files.length > 0 && (
        <ItemList
          bordered
          dataSource={files}
          renderItem={(f) => (
            <ItemRow
              actions={[
                <Button
                  key="remove"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`移除 ${f.filename}`}
                  onClick={() => onChange?.(files.filter((x) => x.id !== f.id))}
                />,
              ]}
            >
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Typography.Text strong>{f.filename}</Typography.Text>
                <Typography.Text type="secondary">大小 {formatSize(f.sizeBytes)}</Typography.Text>
                <Typography.Text type="secondary" copyable={{ text: f.sha256 }} style={{ wordBreak: 'break-all' }}>
                  SHA-256 {f.sha256}
                </Typography.Text>
              </Space>
            </ItemRow>
          )}
        />
      )}
    </Space>
  );
}
