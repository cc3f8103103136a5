// One official document: its number, kind, issuer, recipients and dates, and the PDF itself
// (preview, download, sha256) through the shared <DocumentView>.
import { Link, useParams } from 'react-router';
import { Alert, Breadcrumb, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ApiError, messageOf, unwrap } from '../../api/errors.js';
import { DocumentView } from '../../components/DocumentView.js';
import { formatInstant } from '../../components/Due.js';

export default function DocumentPage() {
  const { id = '' } = useParams();
  const meta = useQuery({
    queryKey: ['documents', id, 'meta'],
    queryFn: () => unwrap(api.GET('/documents/{id}/meta', { params: { path: { id } } })),
  });
  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/app/documents">公文</Link> },
        { title: meta.data?.number ?? meta.data?.title ?? '公文' },
      ]}
    />
  );
  if (meta.isPending)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {crumbs}
        <Skeleton active />
      </Space>
    );
  if (meta.isError)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {crumbs}
        <Alert
          type={meta.error instanceof ApiError && meta.error.status === 404 ? 'warning' : 'error'}
          title={messageOf(meta.error)}
          showIcon
        />
      </Space>
    );
  const doc = meta.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {crumbs}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {doc.title}
      </Typography.Title>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="文号">{doc.number ?? '（无文号）'}</Descriptions.Item>
          <Descriptions.Item label="类别">
            <Tag>{doc.kindName}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="发文单位">{doc.unitName}</Descriptions.Item>
          <Descriptions.Item label="印发时间">{formatInstant(doc.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="主送单位" span={2}>
            {doc.recipients.length ? doc.recipients.map((r) => r.name).join('、') : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <DocumentView id={doc.id} number={doc.number} />
    </Space>
  );
}
