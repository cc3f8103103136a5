// A transfer list read-only: each item's facts in the register's words, with the receiving unit's
// verdict beside it when there is one.
import type { ReactNode } from 'react';
import { Table, Tag, Typography } from 'antd';
import { KIND_LABELS, levelLabel } from '../holdings/holding-labels.js';
import type { TransferItem } from './queries.js';

export interface ItemResult {
  item: number;
  verdict: 'accepted' | 'discrepant';
  remark?: string;
  protectionLevel?: number;
}

const facts = (i: TransferItem) =>
  [
    `${i.recordCount.toLocaleString('zh-CN')} 条`,
    i.volume,
    i.format,
    i.serialNumber && `介质编号 ${i.serialNumber}`,
    i.protectionLevel && `等保${levelLabel(i.protectionLevel)}（备案 ${i.filingNumber ?? '—'}）`,
  ]
    .filter(Boolean)
    .join('；');

// Rows carry their 1-based position in the list: the key React needs and the number results cite.
type Row = TransferItem & { position: number };

export function TransferTable({
  items,
  results,
  extra,
}: {
  items: TransferItem[];
  results?: ItemResult[] | null;
  extra?: { title: string; render: (item: TransferItem, index: number) => ReactNode };
}) {
  const rows: Row[] = items.map((item, i) => ({ ...item, position: i + 1 }));
  return (
    <Table<Row>
      rowKey="position"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1080 }}
      columns={[
        { title: '序号', dataIndex: 'position', width: 56 },
        { title: '类别', dataIndex: 'kind', width: 84, render: (k: TransferItem['kind']) => KIND_LABELS[k] },
        { title: '名称与说明', dataIndex: 'description', width: 180 },
        { title: '规模与格式', width: 200, render: (_, i) => facts(i) },
        {
          title: '存储位置',
          width: 160,
          render: (_, i) =>
            `${i.storageLocation.country === 'CN' ? '中国境内' : i.storageLocation.country} ${i.storageLocation.region}`,
        },
        { title: '加密方式', dataIndex: 'encryption', width: 120 },
        {
          title: 'SHA-256',
          dataIndex: 'sha256',
          width: 110,
          render: (h: string) => (
            <Typography.Text code copyable={{ text: h }} title={h}>
              {h.slice(0, 8)}…
            </Typography.Text>
          ),
        },
        ...(results
          ? [
              {
                title: '核验结论',
                width: 180,
                render: (_: unknown, row: Row) => {
                  const r = results.find((x) => x.item === row.position);
                  if (!r) return '—';
                  return (
                    <>
                      <Tag color={r.verdict === 'accepted' ? 'green' : 'red'}>
                        {r.verdict === 'accepted' ? '相符' : '有差异'}
                      </Tag>
                      {r.protectionLevel && <div>接收后等保{levelLabel(r.protectionLevel)}</div>}
                      {r.remark && <Typography.Paragraph type="secondary">{r.remark}</Typography.Paragraph>}
                    </>
                  );
                },
              },
            ]
          : []),
        ...(extra
          ? [{ title: extra.title, width: 320, render: (_: unknown, row: Row) => extra.render(row, row.position - 1) }]
          : []),
      ]}
    />
  );
}
