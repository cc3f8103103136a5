// One emergency plan: its facts, the plan document (uploaded here with progress, shown with size and
// sha256, downloadable), the drills of it, and for the unit's own staff the form to record a drill.
import { useState } from 'react';
import { useParams, Link } from 'react-router';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Radio,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, toApiError, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { formatSize } from '../../components/DocumentView.js';
import { formatInstant } from '../../components/Due.js';
import { FileUpload, PageFrame, useUnitNames } from '../incidents/common.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { DAY, EMERGENCY_RESULT_NAMES, RESULT_COLORS, type DrillResult } from './labels.js';
import { Basis } from '../../components/Basis.js';

type EvidenceFile = components['schemas']['EvidenceFile'];

/** Fetches the file with the session cookie and hands it to the browser under its own name. */
function Download({ file }: { file: EvidenceFile }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await fetch(`/evidence/${file.id}`, { credentials: 'same-origin' });
      if (!answer.ok) throw toApiError(await answer.json().catch(() => undefined), answer);
      const url = URL.createObjectURL(await answer.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <Button size="small" loading={busy} onClick={() => void save()} aria-label={`下载 ${file.filename}`}>
        下载
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}

interface DrillValues {
  drilledOn: Dayjs;
  scenario: string;
  result: DrillResult;
  findings: string;
  nextDrillOn: Dayjs;
  followUpOn?: Dayjs;
}

function DrillForm({ planId }: { planId: number }) {
  const [form] = Form.useForm<DrillValues>();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const result = Form.useWatch('result', form);
  const record = useMutation({
    mutationFn: (v: DrillValues) =>
      unwrap(
        api.POST('/emergency-drills', {
          body: {
            planId,
            drilledOn: v.drilledOn.format(DAY),
            scenario: v.scenario,
            result: v.result,
            findings: v.findings,
            nextDrillOn: v.nextDrillOn.format(DAY),
            ...(v.followUpOn ? { followUpOn: v.followUpOn.format(DAY) } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      void message.success('演练已登记');
      form.resetFields();
      setError(null);
      await client.invalidateQueries({ queryKey: ['emergency-drills'] });
    },
    onError: (e) => {
      placeFieldErrors(form, e);
      setError(messageOf(e));
    },
  });
  return (
    <Form<DrillValues> form={form} layout="vertical" onFinish={(v) => record.mutate(v)}>
      <Space wrap style={{ display: 'flex' }}>
        <Form.Item name="drilledOn" label="演练日期" rules={[{ required: true, message: '请选择演练日期' }]}>
          <DatePicker format={DAY} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="nextDrillOn" label="下次演练日期" rules={[{ required: true, message: '请选择下次演练日期' }]}>
          <DatePicker format={DAY} />
        </Form.Item>
        {(result === 'partial' || result === 'failed') && (
          <Form.Item name="followUpOn" label="整改跟进日期" rules={[{ required: true, message: '请选择整改跟进日期' }]}>
            <DatePicker format={DAY} />
          </Form.Item>
        )}
      </Space>
      <Form.Item name="scenario" label="演练场景" rules={[{ required: true, message: '请填写演练场景' }]}>
        <Input maxLength={500} placeholder="例如：勒索病毒导致核心系统宕机" />
      </Form.Item>
      <Form.Item name="result" label="演练结果" rules={[{ required: true, message: '请选择演练结果' }]}>
        <Radio.Group options={Object.entries(EMERGENCY_RESULT_NAMES).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="findings" label="发现的问题与总结" rules={[{ required: true, message: '请填写演练总结' }]}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={record.isPending}>
        登记演练
      </Button>
    </Form>
  );
}

export default function PlanDetail() {
  const { id = '' } = useParams();
  const planId = Number(id);
  const me = useUser();
  const units = useUnitNames();
  const client = useQueryClient();
  const plan = useQuery({
    queryKey: ['emergency-plans', planId],
    queryFn: () => unwrap(api.GET('/emergency-plans/{id}', { params: { path: { id: planId } } })),
  });
  const drills = useQuery({
    queryKey: ['emergency-drills', 'plan', planId],
    queryFn: () => unwrap(api.GET('/emergency-drills', { params: { query: { planId, page: 1, pageSize: 50 } } })),
  });
  if (plan.isPending) return <Skeleton active />;
  if (plan.isError) return <Alert type="error" title={messageOf(plan.error)} />;
  const p = plan.data;
  const own = p.unitId === me.unitId && hasRole(me, ['unit_staff', 'unit_leader']);
  return (
    <PageFrame title={`${p.title}（${p.version}）`} extra={<Link to="/app/continuity?tab=plans">返回列表</Link>}>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'unit', label: '单位', children: units.get(p.unitId) ?? `单位 ${p.unitId}` },
            { key: 'approved', label: '批准日期', children: p.approvedOn },
            { key: 'next', label: '下次演练日期', children: p.nextDrillOn },
            { key: 'recorded', label: '登记时间', children: formatInstant(p.createdAt) },
            { key: 'scope', label: '适用范围', children: p.scope, span: 2 },
            ...(p.summary ? [{ key: 'summary', label: '摘要', children: p.summary, span: 2 }] : []),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Basis text="依据：000 第三十一条（建立网络与信息安全事件应急响应机制，制定应急预案）。" />
        </Typography.Text>
      </Card>
      <Card title="预案文本" size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Table<EvidenceFile>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={p.documents}
            locale={{ emptyText: <Empty description="尚未上传预案文本" /> }}
            columns={[
              { title: '文件', dataIndex: 'filename' },
              { title: '大小', dataIndex: 'sizeBytes', width: 90, render: formatSize },
              {
                title: 'SHA-256',
                dataIndex: 'sha256',
                render: (s: string) => (
                  <Typography.Text code copyable={{ text: s }}>
                    {s.slice(0, 16)}…
                  </Typography.Text>
                ),
              },
              { title: '上传时间', dataIndex: 'createdAt', width: 150, render: formatInstant },
              { title: '', key: 'download', width: 100, render: (_: unknown, f) => <Download file={f} /> },
            ]}
          />
          {own && (
            <FileUpload
              path={`/emergency-plans/${p.id}/document`}
              accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              label="上传预案文本（PDF 或 DOCX）"
              onStored={() => void client.invalidateQueries({ queryKey: ['emergency-plans', planId] })}
            />
          )}
        </Space>
      </Card>
      <Card title="演练记录" size="small">
        <Table
          rowKey="id"
          size="small"
          loading={drills.isPending}
          dataSource={drills.data?.items}
          pagination={false}
          locale={{ emptyText: <Empty description="尚无演练记录" /> }}
          columns={[
            { title: '演练日期', dataIndex: 'drilledOn', width: 120 },
            { title: '场景', dataIndex: 'scenario' },
            {
              title: '结果',
              dataIndex: 'result',
              width: 160,
              render: (r: DrillResult) => <Tag color={RESULT_COLORS[r]}>{EMERGENCY_RESULT_NAMES[r]}</Tag>,
            },
            { title: '总结', dataIndex: 'findings' },
            { title: '下次演练', dataIndex: 'nextDrillOn', width: 120 },
          ]}
        />
      </Card>
      {own && (
        <Card title="登记本预案的演练" size="small">
          <DrillForm planId={p.id} />
        </Card>
      )}
    </PageFrame>
  );
}
