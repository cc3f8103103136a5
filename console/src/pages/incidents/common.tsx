// Small pieces the incident, alert and continuity pages share: unit names, a page frame and a file
// upload with progress.
import { useState, type ReactNode } from 'react';
import { Button, Card, Progress, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api, sessionHeaders } from '../../api/client.js';
import { ApiError, toApiError, unwrap } from '../../api/errors.js';
import { formatSize } from '../../components/DocumentView.js';

/** Names of the units the user may see (their own, or their jurisdiction's), by id. */
export function useUnitNames(): Map<number, string> {
  const units = useQuery({
    queryKey: ['units', 'names'],
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/units', { params: { query: { page: 1, pageSize: 200 } } })),
  });
  return new Map((units.data?.items ?? []).map((u) => [u.id, u.name]));
}

export function PageFrame({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Space>
      {children}
    </Space>
  );
}

export type StoredFile = { id: string; filename: string; sizeBytes: number; sha256: string; contentType: string };

/** POSTs one file as multipart `file` with the session's CSRF header, reporting upload progress. */
export function uploadWithProgress(path: string, file: File, onProgress: (percent: number) => void) {
  return new Promise<StoredFile>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(sessionHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。'));
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
    const data = new FormData();
    data.append('file', file);
    xhr.send(data);
  });
}

/** A file chooser that uploads at once, with a progress bar, then shows what the server stored. */
export function FileUpload({
  path,
  accept,
  label,
  onStored,
}: {
  path: string;
  accept: string;
  label: string;
  onStored: (file: StoredFile) => void;
}) {
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stored, setStored] = useState<StoredFile | null>(null);
  return (
    <Card size="small">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Upload
          accept={accept}
          showUploadList={false}
          customRequest={({ file }) => {
            setError(null);
            setStored(null);
            setPercent(0);
            uploadWithProgress(path, file as File, setPercent).then(
              (f) => {
                setStored(f);
                setPercent(null);
                onStored(f);
              },
              (e: unknown) => {
                setPercent(null);
                setError(e instanceof Error ? e.message : String(e));
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />}>{label}</Button>
        </Upload>
        {percent !== null && <Progress percent={percent} size="small" aria-label="上传进度" />}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {stored && (
          <Typography.Text data-testid="uploaded-file">
            已上传：{stored.filename}（{formatSize(stored.sizeBytes)}），SHA-256：
            <Typography.Text code copyable>
              {stored.sha256}
            </Typography.Text>
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
