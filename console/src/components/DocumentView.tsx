// An official document in the page: its number, size and sha256, the PDF previewed in a frame and
// a download under its official name. The PDF is fetched with the session cookie and shown from a
// blob: URL (the API's own answers may not be framed).
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Flex, Space, Spin, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { ApiError, messageOf, toApiError } from '../api/errors.js';

export interface FetchedFile {
  url: string;
  name: string;
  sha256: string | null;
  size: number;
}

/** The Chinese name from Content-Disposition's filename* (RFC 5987), else the ASCII one. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return disposition?.match(/filename="([^"]+)"/)?.[1] ?? fallback;
}

/** GETs a file answer (a document, evidence) into a blob: URL, released when no longer shown. */
export function useFetchedFile(path: string | undefined) {
  const query = useQuery({
    queryKey: ['file', path],
    enabled: !!path,
    staleTime: Infinity,
    gcTime: 0,
    queryFn: async (): Promise<FetchedFile> => {
      const answer = await fetch(path!, { credentials: 'same-origin' });
      if (!answer.ok) throw toApiError(await answer.json().catch(() => undefined), answer);
      const blob = await answer.blob();
      return {
        url: URL.createObjectURL(blob),
        name: fileNameOf(answer.headers.get('content-disposition'), path!.split('/').pop()!),
        sha256: answer.headers.get('x-content-sha256'),
        size: blob.size,
      };
    },
  });
  const url = query.data?.url;
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return query;
}

export const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function DocumentView({ id, number, height = 640 }: { id: string; number?: string | null; height?: number }) {
  const file = useFetchedFile(`/documents/${id}`);
  const [preview, setPreview] = useState(true);
  if (file.isError)
    return (
      <Alert
        type={file.error instanceof ApiError && file.error.status === 404 ? 'warning' : 'error'}
        title={messageOf(file.error)}
      />
    );
  // While the PDF loads, the view already takes the room it will take, so nothing below it moves
  // under the user's pointer when it arrives (a form's submit button sits under some documents).
  const loaded = file.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} aria-busy={!loaded}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label="文号">{number ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="大小">{loaded ? formatSize(loaded.size) : '…'}</Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <Typography.Text code copyable={{ text: loaded?.sha256 ?? '' }} style={{ wordBreak: 'break-all' }}>
            {loaded ? (loaded.sha256 ?? '—') : SHA256_PLACEHOLDER}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Space>
        {/* The same element in both states, so the row keeps its height. */}
        <a href={loaded?.url} download={loaded?.name}>
          <Button type="primary" icon={<DownloadOutlined />} loading={!loaded}>
            下载 PDF
          </Button>
        </a>
        <Button onClick={() => setPreview((p) => !p)}>{preview ? '收起预览' : '预览'}</Button>
      </Space>
      {preview && (
        <div style={{ height, border: '1px solid #ddd', boxSizing: 'content-box' }}>
          {loaded ? (
            <iframe
              title={loaded.name}
              src={loaded.url}
              style={{ display: 'block', width: '100%', height: '100%', border: 0 }}
              data-testid="pdf-preview"
            />
          ) : (
            <Flex align="center" justify="center" style={{ height: '100%' }}>
              <Spin description="正在载入公文…" />
            </Flex>
          )}
        </div>
      )}
    </Space>
  );
}

/** As wide as a real digest, so the row does not reflow when the digest arrives. */
const SHA256_PLACEHOLDER = '·'.repeat(64);
