// Evidence on an inspection page: uploads with their progress, every stored file with its size and
// sha256 (as the API computed it) and a download, and the per-row picker a form uses to cite files.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Empty, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import { ItemList, ItemRow } from '../../components/ItemList.js';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { messageOf } from '../../api/errors.js';
import { formatSize } from '../../components/DocumentView.js';
import { formatInstant } from '../../components/Due.js';
import { inspectionKey } from './data.js';
import { EVIDENCE_ACCEPT, uploadEvidence, type EvidenceFile } from './evidence-upload.js';

interface UploadState {
  uid: string;
  name: string;
  percent: number;
  error?: string;
  stored?: EvidenceFile;
}

interface EvidenceContext {
  files: EvidenceFile[];
  uploads: UploadState[];
  upload(file: File): Promise<EvidenceFile>;
}

const Ctx = createContext<EvidenceContext | null>(null);
const useEvidence = () => useContext(Ctx)!;

/** Holds the inspection's files and this page's uploads for the pickers and the evidence list. */
export function EvidenceProvider({
  inspectionId,
  files,
  children,
}: {
  inspectionId: string;
  files: EvidenceFile[];
  children: ReactNode;
}) {
  const client = useQueryClient();
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const patch = (uid: string, change: Partial<UploadState>) =>
    setUploads((all) => all.map((u) => (u.uid === uid ? { ...u, ...change } : u)));
  const upload = useCallback(
    async (file: File) => {
      const uid = crypto.randomUUID();
      setUploads((all) => [{ uid, name: file.name, percent: 0 }, ...all]);
      try {
        const stored = await uploadEvidence(inspectionId, file, (percent) => patch(uid, { percent }));
        patch(uid, { percent: 100, stored });
        await client.invalidateQueries({ queryKey: inspectionKey(inspectionId) });
        return stored;
      } catch (e) {
        patch(uid, { error: messageOf(e) });
        throw e;
      }
    },
    [client, inspectionId],
  );
  const all = useMemo(() => {
    const seen = new Map(files.map((f) => [f.id, f]));
    for (const u of uploads) if (u.stored && !seen.has(u.stored.id)) seen.set(u.stored.id, u.stored);
    return [...seen.values()];
  }, [files, uploads]);
  return <Ctx.Provider value={{ files: all, uploads, upload }}>{children}</Ctx.Provider>;
}

/** An upload button: the chosen file is stored, then handed to `onStored` (e.g. cited by a row). */
export function UploadButton({
  label = '上传佐证',
  onStored,
  testId,
}: {
  label?: string;
  onStored?: (file: EvidenceFile) => void;
  testId?: string;
}) {
  const { upload } = useEvidence();
  return (
    <span data-testid={testId}>
      <Upload
        accept={EVIDENCE_ACCEPT}
        showUploadList={false}
        customRequest={({ file, onSuccess, onError }) => {
          upload(file as File).then(
            (stored) => {
              onSuccess?.(stored);
              onStored?.(stored);
            },
            (e: Error) => onError?.(e),
          );
        }}
      >
        <Button size="small" icon={<UploadOutlined />}>
          {label}
        </Button>
      </Upload>
    </span>
  );
}

/** A form control: the ids of the inspection's files this row cites, with an upload beside it. */
export function EvidencePicker({
  value,
  onChange,
  id,
  testId,
  label,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
  testId?: string;
  /** The accessible name (which item's evidence), for screen readers and keyboard users. */
  label?: string;
}) {
  const { files } = useEvidence();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        id={id}
        aria-label={label ?? '佐证材料'}
        mode="multiple"
        allowClear
        placeholder="选择已上传的文件"
        style={{ minWidth: 160, flex: 1 }}
        value={value}
        onChange={onChange}
        options={files.map((f) => ({ value: f.id, label: f.filename }))}
        notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未上传文件" />}
      />
      <UploadButton testId={testId} label="上传" onStored={(f) => onChange?.([...(value ?? []), f.id])} />
    </Space.Compact>
  );
}

/** The uploads in progress and every stored file of the inspection. */
export function EvidenceList({ canUpload }: { canUpload: boolean }) {
  const { files, uploads } = useEvidence();
  const pending = uploads.filter((u) => !u.stored);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canUpload && (
        <Typography.Text type="secondary">
          可上传 PDF、PNG、JPEG、DOCX、XLSX 或文本文件，每个不超过 10 MB；系统记录每个文件的 SHA-256。
        </Typography.Text>
      )}
      {pending.length > 0 && (
        <ItemList
          dataSource={pending}
          renderItem={(u) => (
            <ItemRow>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text>{u.name}</Typography.Text>
                {u.error ? (
                  <Alert type="error" title={`${u.name} 上传失败：${u.error}`} />
                ) : (
                  <Progress percent={u.percent} size="small" aria-label={`${u.name} 上传进度`} />
                )}
              </Space>
            </ItemRow>
          )}
        />
      )}
      <div data-testid="evidence-files">
        <Table
          rowKey="id"
          size="small"
          dataSource={files}
          pagination={false}
          locale={{ emptyText: <Empty description="暂无佐证材料" /> }}
          columns={[
            {
              title: '文件',
              dataIndex: 'filename',
              render: (name: string, f) => (
                <a href={`/evidence/${f.id}`} download={name}>
                  {name}
                </a>
              ),
            },
            { title: '大小', dataIndex: 'sizeBytes', render: (n: number) => formatSize(n) },
            {
              title: 'SHA-256',
              dataIndex: 'sha256',
              render: (h: string) => (
                <Typography.Text code copyable={{ text: h }} style={{ fontSize: 12 }}>
                  {h.slice(0, 16)}…
                </Typography.Text>
              ),
            },
            { title: '上传时间', dataIndex: 'createdAt', render: (at: string) => formatInstant(at) },
          ]}
        />
      </div>
    </Space>
  );
}

/** Names of cited files, for read-only rows. */
export function CitedFiles({ ids }: { ids: string[] | undefined }) {
  const { files } = useEvidence();
  if (!ids?.length) return null;
  return (
    <Space wrap size={4}>
      {ids.map((id) => {
        const f = files.find((x) => x.id === id);
        return (
          <a key={id} href={`/evidence/${id}`} download={f?.filename}>
            {f?.filename ?? '文件'}
          </a>
        );
      })}
    </Space>
  );
}
