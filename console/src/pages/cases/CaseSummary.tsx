// The year's cases of the jurisdiction by measure, source and unit (for the yearly appraisal), and
// the numbered 责任追究情况汇总 issued from it as a PDF.
import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { DECISION_NAMES, SOURCE_NAMES } from './names.js';

type Summary = components['schemas']['AccountabilitySummary'];
type Issued = components['schemas']['IssuedSummary'];

const termOf = (code: string) =>
  (DECISION_NAMES as Record<string, string>)[code] ?? (SOURCE_NAMES as Record<string, string>)[code] ?? code;

export default function CaseSummary() {
  const me = useUser();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? new Date().getFullYear());
  const [issued, setIssued] = useState<Issued>();
  const summary = useQuery({
    queryKey: ['cases', 'summary', year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/accountability-cases/summary', { params: { query: { year, format: 'json' } } }),
      )) as Summary,
  });
  const issue = useMutation({
    mutationFn: async () =>
      (await unwrap(
        api.GET('/accountability-cases/summary', { params: { query: { year, format: 'pdf' } } }),
      )) as Issued,
    onSuccess: setIssued,
  });
  const s = summary.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            责任追究年度汇总
          </Typography.Title>
        }
        extra={<Link to="/app/cases">返回案件列表</Link>}
      >
        <Space wrap>
          <label htmlFor="summary-year">年度</label>
          <InputNumber
            id="summary-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => {
              setIssued(undefined);
              if (v) setParams({ year: String(v) });
            }}
          />
          {hasRole(me, ['official', 'commission_leader']) && (
            <Button icon={<FilePdfOutlined />} onClick={() => issue.mutate()} loading={issue.isPending}>
              出具年度汇总（PDF）
            </Button>
          )}
        </Space>
        {summary.isError && <Alert type="error" showIcon title={messageOf(summary.error)} style={{ marginTop: 12 }} />}
        {issue.isError && <Alert type="error" showIcon title={messageOf(issue.error)} style={{ marginTop: 12 }} />}
        {s && (
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col>
              <Statistic title={`${s.year} 年立案`} value={s.total} suffix="件" />
            </Col>
            <Col>
              <Statistic title="涉及单位" value={s.byUnit.length} suffix="个" />
            </Col>
          </Row>
        )}
      </Card>
      {s && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title="按措施">
              <Table
                rowKey="measure"
                size="small"
                pagination={false}
                dataSource={s.byMeasure}
                locale={{ emptyText: <Empty description="本年度暂无决定" /> }}
                columns={[
                  { title: '措施', dataIndex: 'measure', render: termOf },
                  { title: '件数', dataIndex: 'count', width: 100 },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title="按来源">
              <Table
                rowKey="source"
                size="small"
                pagination={false}
                dataSource={s.bySource}
                locale={{ emptyText: <Empty description="本年度暂无案件" /> }}
                columns={[
                  { title: '来源', dataIndex: 'source', render: termOf },
                  { title: '件数', dataIndex: 'count', width: 100 },
                ]}
              />
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title="按单位">
              <Table
                rowKey="unitName"
                size="small"
                dataSource={s.byUnit}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: <Empty description="本年度暂无案件" /> }}
                data-testid="summary-by-unit"
                columns={[
                  { title: '单位', dataIndex: 'unitName' },
                  { title: '件数', dataIndex: 'cases', width: 100 },
                  {
                    title: '措施',
                    dataIndex: 'measures',
                    render: (m: string) => m || '—',
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
      {issued && (
        <Card size="small" title="责任追究情况汇总">
          <DocumentView id={issued.documentId} number={issued.number} />
        </Card>
      )}
    </Space>
  );
}
