// One accountability case: what was found and under which articles, the proposal, the party's
// statement, the decision, its timeline, the unit's other cases of the year before (屡次违规从重),
// its documents in the page, and the step the signed-in user has on it.
import { Card, Descriptions, Empty, Result, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ItemList, ItemRow } from '../../components/ItemList.js';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, messageOf, unwrap } from '../../api/errors.js';
import { hasRole, useUser, type Me, type Role } from '../../auth/session.js';
import { DocumentView } from '../../components/DocumentView.js';
import { Due, formatInstant } from '../../components/Due.js';
import {
  AcknowledgementPanel,
  DecisionPanel,
  InvestigationPanel,
  RectificationPanel,
  StatementPanel,
  VerificationPanel,
  type OpenTask,
} from './CasePanels.js';
import {
  DECISION_NAMES,
  MEASURE_BASIS,
  MEASURE_NAMES,
  SOURCE_NAMES,
  STAGE_NAMES,
  STATEMENT_NAMES,
  type CaseDetail as Detail,
} from './names.js';
import { Basis } from '../../components/Basis.js';

/** Each step's panel and who may take it (the API decides again). */
const STEPS: Record<string, { roles: Role[]; Panel: (p: { kase: Detail; task: OpenTask }) => React.ReactNode }> = {
  accountability_investigation: { roles: ['official'], Panel: InvestigationPanel },
  accountability_statement: { roles: ['unit_staff', 'unit_leader'], Panel: StatementPanel },
  accountability_decision: { roles: ['commission_leader'], Panel: DecisionPanel },
  accountability_acknowledgement: { roles: ['unit_staff', 'unit_leader'], Panel: AcknowledgementPanel },
  accountability_rectification: { roles: ['unit_staff'], Panel: RectificationPanel },
  accountability_verification: { roles: ['official'], Panel: VerificationPanel },
};

const mayTake = (me: Me, t: OpenTask) =>
  t.assigneeUnitId === me.unitId && !!STEPS[t.type] && hasRole(me, STEPS[t.type]!.roles);

export default function CaseDetail() {
  const { id = '' } = useParams();
  const caseId = Number(id);
  const kase = useQuery({
    queryKey: ['case', caseId],
    enabled: Number.isInteger(caseId) && caseId > 0,
    queryFn: () => unwrap(api.GET('/accountability-cases/{id}', { params: { path: { id: caseId } } })),
    // Steps follow one another in the workflow: keep the page current until the case closes.
    refetchInterval: (q) => (q.state.data && !['closed', 'failed'].includes(q.state.data.stage) ? 4000 : false),
  });
  if (!Number.isInteger(caseId) || caseId <= 0)
    return <Result status="404" title="没有找到该案件。" extra={<Link to="/app/cases">返回案件列表</Link>} />;
  if (kase.isPending) return <Skeleton active />;
  if (kase.isError)
    return (
      <Result
        status={kase.error instanceof ApiError && kase.error.status === 404 ? '404' : 'error'}
        title={messageOf(kase.error)}
        extra={<Link to="/app/cases">返回案件列表</Link>}
      />
    );
  return <Loaded kase={kase.data} />;
}

function Loaded({ kase }: { kase: Detail }) {
  const me = useUser();
  const mine = kase.openTasks.filter((t) => mayTake(me, t));
  const others = kase.openTasks.filter((t) => !mayTake(me, t));
  const stage = STAGE_NAMES[kase.stage];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {kase.caseNumber} {kase.unitName}
            </Typography.Title>
            <Tag color={stage.color} data-testid="case-stage">
              {stage.label}
            </Tag>
          </Space>
        }
        extra={<Link to="/app/cases">返回列表</Link>}
      >
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="被追究单位">{kase.unitName}</Descriptions.Item>
          <Descriptions.Item label="来源">{SOURCE_NAMES[kase.source]}</Descriptions.Item>
          <Descriptions.Item label="事由" span={2}>
            {kase.reason}
          </Descriptions.Item>
          <Descriptions.Item label="违规事实" span={2}>
            {kase.facts.map((f, i) => (
              <div key={i}>
                {i + 1}. {f}
              </div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="责任人">
            {kase.responsiblePerson
              ? `${kase.responsiblePerson.name}${kase.responsiblePerson.position ? `（${kase.responsiblePerson.position}）` : ''}`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="违反条款">
            {kase.articles.length ? <Basis text={kase.articles.join('；')} /> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="情节">{kase.severityName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="拟采取的措施">
            {kase.proposedMeasure ? MEASURE_NAMES[kase.proposedMeasure] : '—'}
            {kase.proposalReasons.length ? `：${kase.proposalReasons.join('；')}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="陈述申辩" span={2}>
            {kase.statement.outcome ? STATEMENT_NAMES[kase.statement.outcome] : '未到或未完成'}
            {kase.statement.text ? `：${kase.statement.text}` : ''}
            {!kase.statement.outcome && kase.statement.dueAt && (
              <>
                {' '}
                <Due at={kase.statement.dueAt} />
              </>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="决定" span={2}>
            <span data-testid="case-decision">
              {kase.decision ? DECISION_NAMES[kase.decision] : '尚未决定'}
              {kase.decidedAt ? `（${formatInstant(kase.decidedAt)}）` : ''}
              {kase.decisionReasons.length ? `：${kase.decisionReasons.join('；')}` : ''}
            </span>
          </Descriptions.Item>
          {kase.circularId && (
            <Descriptions.Item label="通报批评" span={2}>
              <Link to={`/app/circulars/${kase.circularId}`}>查看通报及签收情况</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="依据" span={2}>
            <Basis text={MEASURE_BASIS} />
          </Descriptions.Item>
          <Descriptions.Item label="立案时间">{formatInstant(kase.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="结案时间">{kase.closedAt ? formatInstant(kase.closedAt) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      {mine.map((t) => {
        const { Panel } = STEPS[t.type]!;
        return <Panel key={t.id} kase={kase} task={t} />;
      })}
      {others.length > 0 && (
        <Card size="small" title="办理中">
          <ItemList
            dataSource={others}
            renderItem={(t) => (
              <ItemRow extra={<Due at={t.dueAt} />}>
                <Typography.Text>{t.title}</Typography.Text>
              </ItemRow>
            )}
          />
        </Card>
      )}

      <Card size="small" title="办理过程">
        {kase.timeline.length ? (
          <Timeline
            items={kase.timeline.map((e) => ({
              content: (
                <Space orientation="vertical" size={0}>
                  <Typography.Text>{e.summary}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatInstant(e.at)}
                    {e.actorName ? ` · ${e.actorName}` : ''} · {STAGE_NAMES[e.stage].label}
                  </Typography.Text>
                </Space>
              ),
            }))}
            data-testid="case-timeline"
          />
        ) : (
          <Empty description="暂无记录" />
        )}
      </Card>

      <Card size="small" title={`一年内其他案件（${kase.repeatOffences.count} 件）`}>
        <Typography.Paragraph type="secondary">
          <Basis text={`屡次违规的，视情节从重（${MEASURE_BASIS}）。`} />
        </Typography.Paragraph>
        <Table
          rowKey="caseId"
          size="small"
          pagination={false}
          dataSource={kase.repeatOffences.cases}
          locale={{ emptyText: <Empty description="该单位立案前一年内没有其他案件" /> }}
          columns={[
            {
              title: '案号',
              dataIndex: 'caseNumber',
              render: (n: string, r) => <Link to={`/app/cases/${r.caseId}`}>{n}</Link>,
            },
            { title: '事由', dataIndex: 'reason' },
            {
              title: '决定',
              dataIndex: 'decision',
              render: (d: string | null) => (d ? (DECISION_NAMES[d as keyof typeof DECISION_NAMES] ?? d) : '—'),
            },
            { title: '立案时间', dataIndex: 'openedAt', render: formatInstant },
          ]}
        />
      </Card>

      <Card size="small" title="文书">
        {kase.documents.length ? (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {kase.documents.map((d) => (
              <div key={d.id}>
                <Typography.Title level={5}>{d.title}</Typography.Title>
                <DocumentView id={d.id} number={d.number} height={520} />
              </div>
            ))}
          </Space>
        ) : (
          <Empty description="尚未出具文书" />
        )}
      </Card>
    </Space>
  );
}
