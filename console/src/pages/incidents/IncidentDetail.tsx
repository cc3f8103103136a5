// One incident as its unit and its supervisors see it: the facts, the deadlines (初报 from discovery,
// each office's 签收 and 上报, the 终报), every report version on its hash chain, every hop up the
// hierarchy with actor and time (escalations in red), the documents and the alerts issued from it.
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { Due, formatInstant } from '../../components/Due.js';
import { PageFrame, useUnitNames } from './common.js';
import { FollowUpReport } from './FollowUpReport.js';
import { LevelTag } from './IncidentList.js';
import { TaskCard, useProcessTasks } from './IncidentTasks.js';
import { ALERT_STATUS_NAMES, HOP_COLORS, HOP_NAMES, REPORT_FIELDS, STATUS_COLORS, STATUS_NAMES } from './labels.js';
import { Basis } from '../../components/Basis.js';

type Detail = components['schemas']['IncidentDetail'];
type Report = Detail['reports'][number];
type Hop = Detail['hops'][number];

const delayText = (seconds: number) => {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${Math.max(1, minutes)} 分钟`;
  const h = Math.floor(minutes / 60);
  return minutes % 60 ? `${h} 小时 ${minutes % 60} 分钟` : `${h} 小时`;
};

function valueText(value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length ? value.join('、') : '无';
  if (value && typeof value === 'object') return Object.values(value as Record<string, unknown>).join('，');
  return String(value);
}

function ReportContent({ report }: { report: Report }) {
  const entries = REPORT_FIELDS.filter(([k]) => report.content[k] !== undefined);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={entries.map(([k, label]) => ({ key: k, label, children: valueText(report.content[k]) }))}
    />
  );
}

/** A hop's deadline is met once the same office acknowledged (签收) or forwarded (上报) the same report. */
const settled = (hop: Hop, hops: Hop[]) =>
  hops.some(
    (h) =>
      h.reportSeq === hop.reportSeq &&
      h.toUnitId === hop.toUnitId &&
      (h.kind === 'acknowledged' || h.kind === 'forwarded') &&
      h.at >= hop.at,
  );

function HopTimeline({ hops, units }: { hops: Hop[]; units: Map<number, string> }) {
  if (!hops.length) return <Empty description="尚无报送记录" />;
  return (
    <Timeline
      items={hops.map((h, i) => ({
        key: i,
        color: HOP_COLORS[h.kind],
        content: (
          <Space orientation="vertical" size={2}>
            <Typography.Text type="secondary">{formatInstant(h.at)}</Typography.Text>
            <Space wrap>
              <Tag color={HOP_COLORS[h.kind] === 'gray' ? 'default' : HOP_COLORS[h.kind]}>{HOP_NAMES[h.kind]}</Tag>
              <Typography.Text>
                第 {h.reportSeq} 次报告
                {h.fromUnitId ? ` · ${units.get(h.fromUnitId) ?? `单位 ${h.fromUnitId}`} → ` : ' → '}
                {h.toUnitName}
              </Typography.Text>
              {h.dueAt && h.kind === 'received' && <Due at={h.dueAt} done={settled(h, hops)} />}
            </Space>
            {h.actorName && <Typography.Text type="secondary">办理人：{h.actorName}</Typography.Text>}
            {h.comment && <Typography.Text type="secondary">意见：{h.comment}</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}

export default function IncidentDetail() {
  const { id = '' } = useParams();
  const me = useUser();
  const navigate = useNavigate();
  const client = useQueryClient();
  const units = useUnitNames();
  const detail = useQuery({
    queryKey: ['incidents', id],
    queryFn: () => unwrap(api.GET('/incidents/{id}', { params: { path: { id } } })),
  });
  const tasks = useProcessTasks(id);
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <Alert type="error" title={messageOf(detail.error)} />;
  const i = detail.data;
  const ownUnit = i.unitId === me.unitId && hasRole(me, ['unit_staff', 'unit_leader']);
  const canAlert = hasRole(me, ['official']) && i.unitId !== me.unitId;
  const refresh = () => void client.invalidateQueries({ queryKey: ['incidents'] });

  return (
    <PageFrame
      title={
        <Space wrap>
          {i.title}
          <LevelTag level={i.level} name={i.levelName} />
          <Tag color={STATUS_COLORS[i.status]}>{STATUS_NAMES[i.status]}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Button onClick={() => void navigate('/app/incidents')}>返回列表</Button>
          {canAlert && (
            <Button type="primary" onClick={() => void navigate('alert')}>
              发布预警通报
            </Button>
          )}
        </Space>
      }
    >
      <Card title="事件概况" size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'unit', label: '事发单位', children: units.get(i.unitId) ?? `单位 ${i.unitId}` },
            {
              key: 'office',
              label: '主管部门',
              // A unit sees only its own unit in /units; the hops name the office the report went to.
              children:
                units.get(i.supervisingUnitId) ??
                i.hops.find((h) => h.toUnitId === i.supervisingUnitId)?.toUnitName ??
                `单位 ${i.supervisingUnitId}`,
            },
            { key: 'discovered', label: '发现时间', children: formatInstant(i.discoveredAt) },
            {
              key: 'reported',
              label: '初报时间',
              children: (
                <Space wrap>
                  {formatInstant(i.reportedAt)}
                  {i.late ? <Tag color="red">迟报 {delayText(i.delaySeconds)}</Tag> : <Tag color="green">按时</Tag>}
                  {i.recordedBySupervisor && <Tag color="volcano">漏报（主管部门登记）</Tag>}
                </Space>
              ),
            },
            { key: 'due', label: '初报时限', children: <Due at={i.reportDueAt} done /> },
            {
              key: 'final',
              label: '终报期限',
              children: i.finalDueAt ? (
                <Due at={i.finalDueAt} done={i.finalReportedAt !== null} />
              ) : (
                <Typography.Text type="secondary">事件处置完毕后起算</Typography.Text>
              ),
            },
            { key: 'cii', label: '关键信息基础设施', children: i.criticalInfrastructure ? '涉及' : '不涉及' },
            { key: 'pi', label: '涉及个人信息', children: `${i.personalInfoAffected} 条` },
            {
              key: 'chain',
              label: '报告哈希链',
              children: i.chain.valid ? (
                <Tag color="green">校验通过（{i.chain.versions ?? i.reports.length} 个版本）</Tag>
              ) : (
                <Tag color="red">校验失败：第 {i.chain.brokenAtSeq} 版被改动</Tag>
              ),
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Basis text="依据：000 第三十一条（发生网络与信息安全事件须及时向上级主管部门报告）；报告时限见期限策略。" />
        </Typography.Text>
      </Card>

      {(tasks.data ?? []).length > 0 && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {tasks.data!.map((t) => (
            <TaskCard key={t.id} task={t} defaultName={me.realName} onDone={refresh} />
          ))}
        </Space>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={`报告（${i.reports.length}）`} size="small">
            <Timeline
              items={i.reports.map((r) => ({
                key: r.seq,
                color: r.stage === 'final' ? 'green' : 'blue',
                content: (
                  <Space orientation="vertical" style={{ width: '100%' }} data-testid={`report-${r.seq}`}>
                    <Space wrap>
                      <Typography.Text strong>
                        第 {r.seq} 版 · {r.stageName}
                      </Typography.Text>
                      <Tag>{r.level}级</Tag>
                      <Typography.Text type="secondary">
                        {r.reportedByName} · {formatInstant(r.reportedAt)}
                      </Typography.Text>
                    </Space>
                    <ReportContent report={r} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      SHA-256：<Typography.Text code>{r.hash.slice(0, 16)}…</Typography.Text>
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="报送与督办" size="small">
            <HopTimeline hops={i.hops} units={units} />
          </Card>
        </Col>
      </Row>

      {ownUnit && i.status !== 'closed' && (
        <Card title="续报与终报" size="small">
          <FollowUpReport incident={i} />
        </Card>
      )}

      <Card title="预警通报" size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={i.alerts}
          locale={{ emptyText: <Empty description="尚未由此事件发布预警通报" /> }}
          columns={[
            { title: '文号', dataIndex: 'number', render: (n: string | null) => n ?? '编号中' },
            {
              title: '标题',
              dataIndex: 'title',
              render: (t: string, a) => <Link to={`/app/alerts/${a.id}`}>{t}</Link>,
            },
            { title: '通报单位数', dataIndex: 'recipientCount', width: 110 },
            {
              title: '状态',
              dataIndex: 'status',
              width: 110,
              render: (s: keyof typeof ALERT_STATUS_NAMES) => ALERT_STATUS_NAMES[s],
            },
          ]}
        />
      </Card>

      <Card title="文书" size="small">
        {i.documents.length === 0 ? (
          <Empty description="暂无文书" />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {i.documents.map((d) => (
              <div key={d.id}>
                <Typography.Title level={5}>{d.title}</Typography.Title>
                <DocumentView id={d.id} number={d.number} height={480} />
              </div>
            ))}
          </Space>
        )}
      </Card>
    </PageFrame>
  );
}
