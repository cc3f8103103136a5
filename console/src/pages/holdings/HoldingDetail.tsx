// One holding of the register, every field named in Chinese; its keepers correct or retire it.
import { Alert, App, Button, Card, Descriptions, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser } from '../../auth/session.js';
import { formatInstant } from '../../components/Due.js';
import { FIELD_LABELS, HOLDING_STATUS_LABELS, KIND_LABELS, levelLabel } from './holding-labels.js';
import { Basis } from '../../components/Basis.js';

export default function HoldingDetail() {
  const { id = '' } = useParams();
  const me = useUser();
  const client = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({
    queryKey: ['data-holdings', Number(id)],
    queryFn: () => unwrap(api.GET('/data-holdings/{id}', { params: { path: { id: Number(id) } } })),
  });
  const retire = useMutation({
    mutationFn: () => unwrap(api.DELETE('/data-holdings/{id}', { params: { path: { id: Number(id) } } })),
    onSuccess: async () => {
      message.success('已注销该登记（记录保留）。');
      await client.invalidateQueries({ queryKey: ['data-holdings'] });
    },
    onError: (e) => message.error(messageOf(e)),
  });
  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <Alert type="error" title={messageOf(query.error)} />;
  const h = query.data;
  const keeper = h.unitId === me.unitId && hasRole(me, ['unit_staff', 'unit_leader']) && h.status === 'active';
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {h.description}
          </Typography.Title>
          <Tag color={h.status === 'active' ? 'green' : 'default'}>{HOLDING_STATUS_LABELS[h.status]}</Tag>
        </Space>
      }
      extra={
        <Space>
          {keeper && (
            <>
              <Link to="edit">
                <Button type="primary">修改</Button>
              </Link>
              <Popconfirm
                title="注销该登记？"
                description="注销后不再出现在有效目录和移交清单预填中，记录保留备查。"
                okText="注销"
                cancelText="取消"
                onConfirm={() => retire.mutate()}
              >
                <Button danger loading={retire.isPending}>
                  注销
                </Button>
              </Popconfirm>
            </>
          )}
          <Link to="/app/holdings">返回目录</Link>
        </Space>
      }
    >
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={FIELD_LABELS.kind}>{KIND_LABELS[h.kind]}</Descriptions.Item>
        <Descriptions.Item label="所属单位">
          {h.unitId === me.unitId ? me.unitName : `单位 ${h.unitId}`}
        </Descriptions.Item>
        <Descriptions.Item label={FIELD_LABELS.description} span="filled">
          {h.description}
        </Descriptions.Item>
        <Descriptions.Item label={FIELD_LABELS.recordCount}>{h.recordCount.toLocaleString('zh-CN')}</Descriptions.Item>
        <Descriptions.Item label={FIELD_LABELS.volume}>{h.volume}</Descriptions.Item>
        <Descriptions.Item label={FIELD_LABELS.format}>{h.format}</Descriptions.Item>
        <Descriptions.Item label={FIELD_LABELS.encryption}>{h.encryption}</Descriptions.Item>
        <Descriptions.Item label={FIELD_LABELS.region}>
          {h.storageLocation.country === 'CN' ? '中国境内' : h.storageLocation.country}：{h.storageLocation.region}
        </Descriptions.Item>
        {h.kind === 'storage_medium' && (
          <Descriptions.Item label={<Basis text={`${FIELD_LABELS.serialNumber}（000 第三十条）`} />}>
            {h.serialNumber ?? '—'}
          </Descriptions.Item>
        )}
        {h.kind === 'information_system' && (
          <>
            <Descriptions.Item label={<Basis text={`${FIELD_LABELS.protectionLevel}（000 第二十七条）`} />}>
              {levelLabel(h.protectionLevel)}
            </Descriptions.Item>
            <Descriptions.Item label={FIELD_LABELS.filingNumber}>{h.filingNumber ?? '—'}</Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={FIELD_LABELS.sha256} span="filled">
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {h.sha256}
          </Typography.Text>
        </Descriptions.Item>
        {h.handoverId && (
          <Descriptions.Item label="来自移交" span="filled">
            <Link to={`/app/handovers/${h.handoverId}`}>{h.handoverId}</Link>
            {h.transferredFromUnitId && `（原属单位 ${h.transferredFromUnitId}）`}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="登记时间">{formatInstant(h.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="更新时间">{formatInstant(h.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
