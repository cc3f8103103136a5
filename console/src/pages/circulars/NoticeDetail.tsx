// One 通知: where it stands, who signed for it and when, the receiving unit's 签收 and the PDF.
import { Card, Descriptions, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { Due, formatInstant } from '../../components/Due.js';
import { NOTICE_STAGE_NAMES } from './names.js';
import { useOpenTask } from './tasks.js';
import { ReceiptPanel } from './TaskPanels.js';
import { unitLabel, useUnits } from './units.js';

export default function NoticeDetail() {
  const { id = '' } = useParams();
  const me = useUser();
  const key = ['notice', id] as const;
  const notice = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/notices/{id}', { params: { path: { id } } })),
    refetchInterval: (q) =>
      q.state.data && ['issuing', 'awaiting_receipt'].includes(q.state.data.stage) ? 4000 : false,
  });
  const units = useUnits();
  const n = notice.data;
  const mine = !!n && n.recipientUnitId === me.unitId && hasRole(me, ['unit_staff', 'unit_leader']);
  const receipt = useOpenTask(n?.id, 'circular_receipt', mine && n?.stage === 'awaiting_receipt');
  if (notice.isPending) return <Skeleton active />;
  if (notice.isError || !n)
    return (
      <Result
        status={notice.error instanceof ApiError && notice.error.status === 404 ? '404' : 'error'}
        title={messageOf(notice.error)}
        extra={<Link to="/app/circulars?box=notices">返回通知列表</Link>}
      />
    );
  const unitName = (id: number) => {
    const u = units.data?.find((x) => x.id === id);
    return u ? unitLabel(u, units.data ?? []) : id === me.unitId ? me.unitName : `单位 ${id}`;
  };
  const stage = NOTICE_STAGE_NAMES[n.stage];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {n.title}
            </Typography.Title>
            <Tag>通知</Tag>
            <Tag color={stage.color} data-testid="notice-stage">
              {stage.label}
            </Tag>
          </Space>
        }
        extra={<Link to="/app/circulars?box=notices">返回列表</Link>}
      >
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="文号">{n.number ?? '编号中'}</Descriptions.Item>
          <Descriptions.Item label="接收单位">{unitName(n.recipientUnitId)}</Descriptions.Item>
          <Descriptions.Item label="签收期限">
            {n.dueAt ? <Due at={n.dueAt} done={n.stage === 'received'} /> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="签收">
            {n.result ? `${n.result.receivedBy}（${formatInstant(n.result.receivedAt)}）` : '未签收'}
          </Descriptions.Item>
          <Descriptions.Item label="下发时间">{formatInstant(n.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {receipt.data && <ReceiptPanel task={receipt.data} refresh={key} />}
      {n.documentId && (
        <Card size="small" title="公文">
          <DocumentView id={n.documentId} number={n.number} />
        </Card>
      )}
    </Space>
  );
}
