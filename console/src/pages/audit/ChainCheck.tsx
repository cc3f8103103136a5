// The audit chain's verdict (004 8.2.4): the API seals what is pending, then checks every seal.
// Intact: how many entries verified and the last one. Broken: every failing entry with why, and the
// stretches between breaks that still verify, so the auditor sees up to where the trail holds.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';

type Verdict = components['schemas']['AuditChainVerdict'];
type Broken = Verdict['broken']['items'][number];
type Range = Verdict['verifiedRanges']['items'][number];

const PAGE_SIZE = 10;

export default function ChainCheck() {
  const [page, setPage] = useState(1);
  const client = useQueryClient();
  const verify = useMutation({
    // The verification is itself recorded: the list below shows it.
    onSuccess: () => client.invalidateQueries({ queryKey: ['audit'] }),
    mutationFn: (p: number) =>
      unwrap(api.GET('/audit/verify', { params: { query: { page: p, pageSize: PAGE_SIZE } } })),
  });
  const run = (p: number) => {
    setPage(p);
    verify.mutate(p);
  };
  const verdict = verify.data;
  const last = verdict?.verifiedRanges.items.at(-1);
  return (
    <Card
      size="small"
      title="审计链核验"
      style={{ marginBottom: 16 }}
      extra={
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => run(1)}>
          核验审计链
        </Button>
      }
    >
      {verify.isError && <Alert type="error" showIcon title={messageOf(verify.error)} />}
      {!verdict && !verify.isError && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          核验会先封存尚未封存的记录，再逐条检查每条记录的内容哈希及其与前一条的链接；任何删除、插入或修改都会被指出。
        </Typography.Paragraph>
      )}
      {verdict && (
        <div data-testid="chain-verdict">
          {verdict.ok ? (
            <Alert
              type="success"
              showIcon
              title={verdict.message}
              description={
                last
                  ? `已验证至链上第 ${last.toPosition} 条（审计记录序号 ${last.toSeq}），共 ${verdict.rows} 条，无一处断裂。`
                  : '链上尚无记录。'
              }
            />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert
                type="error"
                showIcon
                title={verdict.message}
                description={
                  verdict.broken.items[0]
                    ? `自链上第 ${verdict.broken.items[0].position} 条（审计记录序号 ${verdict.broken.items[0].seq}）起出现断裂；共检查 ${verdict.rows} 条。`
                    : `共检查 ${verdict.rows} 条。`
                }
              />
              <Table<Broken>
                rowKey="position"
                size="small"
                caption={<Typography.Text strong>未通过验证的记录（{verdict.broken.total} 条）</Typography.Text>}
                dataSource={verdict.broken.items}
                pagination={false}
                columns={[
                  { title: '链上位置', dataIndex: 'position', width: 100 },
                  { title: '审计记录序号', dataIndex: 'seq', width: 120 },
                  {
                    title: '问题',
                    dataIndex: 'problems',
                    render: (problems: Broken['problems']) => problems.map((p) => <div key={p.code}>{p.message}</div>),
                  },
                ]}
              />
            </Space>
          )}
          {!verdict.ok && (
            <Table<Range>
              rowKey="fromPosition"
              size="small"
              style={{ marginTop: 12 }}
              caption={<Typography.Text strong>验证通过的区段（{verdict.verifiedRanges.total} 段）</Typography.Text>}
              dataSource={verdict.verifiedRanges.items}
              locale={{ emptyText: <Empty description="没有验证通过的区段" /> }}
              pagination={false}
              columns={[
                { title: '链上位置', key: 'pos', render: (_, r) => `第 ${r.fromPosition} 至 ${r.toPosition} 条` },
                { title: '审计记录序号', key: 'seq', render: (_, r) => `${r.fromSeq} 至 ${r.toSeq}` },
                { title: '条数', dataIndex: 'rows', width: 80 },
              ]}
            />
          )}
          {Math.max(verdict.broken.total, verdict.verifiedRanges.total) > PAGE_SIZE && (
            <Space style={{ marginTop: 12 }}>
              <Button disabled={page <= 1 || verify.isPending} onClick={() => run(page - 1)}>
                上一页
              </Button>
              <span>第 {page} 页</span>
              <Button
                disabled={
                  page * PAGE_SIZE >= Math.max(verdict.broken.total, verdict.verifiedRanges.total) || verify.isPending
                }
                onClick={() => run(page + 1)}
              >
                下一页
              </Button>
            </Space>
          )}
        </div>
      )}
    </Card>
  );
}
