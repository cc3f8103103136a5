// 发起检查计划: the checklist, the units (a subtree picked in the units tree, or units one by one),
// the self-check window, the reviewing inspector and the schedule (once now, quarterly, yearly, a
// cron expression, an interval) — POST /inspection-plans with an Idempotency-Key kept for the
// form's life, so a double click or a retry starts nothing twice (README, Supervision inspections).
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, TreeSelect, Typography } from 'antd';
import { Basis } from '../../components/Basis.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { useUnitTree } from './data.js';
import { RECURRENCE_LABELS, WINDOW_UNIT_LABELS, planPath } from './labels.js';

type CreatePlan = components['schemas']['CreateInspectionPlan'];
type WindowUnit = NonNullable<CreatePlan['selfCheckWindow']>['unit'];
type RecurrenceKind = components['schemas']['Recurrence']['kind'];

interface Values {
  title: string;
  templateId: number;
  targetMode: 'subtree' | 'units';
  subtreeOf?: number;
  unitIds?: number[];
  selfCheckAmount?: number;
  selfCheckUnit: WindowUnit;
  rectificationAmount?: number;
  rectificationUnit: WindowUnit;
  inspectorUserId?: number;
  recurrenceKind: RecurrenceKind;
  cron?: string;
  everySeconds?: number;
}

/** The API's field names (CreateInspectionPlan) as this form's fields. */
const FIELD_OF: Record<string, keyof Values> = {
  title: 'title',
  templateId: 'templateId',
  targets: 'subtreeOf',
  'targets.subtreeOf': 'subtreeOf',
  'targets.unitIds': 'unitIds',
  'selfCheckWindow.amount': 'selfCheckAmount',
  'rectificationWindow.amount': 'rectificationAmount',
  inspectorUserId: 'inspectorUserId',
  recurrence: 'recurrenceKind',
  'recurrence.kind': 'recurrenceKind',
  'recurrence.cron': 'cron',
  'recurrence.everySeconds': 'everySeconds',
};

const windowOptions = Object.entries(WINDOW_UNIT_LABELS)
  .filter(([u]) => u !== 'seconds')
  .map(([value, label]) => ({ value, label }));

export default function PlanStart() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const tree = useUnitTree();
  const templates = useQuery({
    queryKey: ['checklist-templates'],
    queryFn: () => unwrap(api.GET('/checklist-templates', { params: { query: { pageSize: 200 } } })),
  });
  const inspectors = useQuery({
    queryKey: ['users', 'inspector'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { role: 'inspector', pageSize: 200 } } })),
  });
  const unitName = useMemo(() => new Map(tree.data?.units.map((u) => [u.id, u.name])), [tree.data]);
  const targetMode = Form.useWatch('targetMode', form);
  const recurrenceKind = Form.useWatch('recurrenceKind', form);
  const templateId = Form.useWatch('templateId', form);
  const template = templates.data?.items.find((t) => t.id === templateId);

  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: CreatePlan = {
        title: v.title,
        templateId: v.templateId,
        targets: v.targetMode === 'subtree' ? { subtreeOf: v.subtreeOf } : { unitIds: v.unitIds },
        remindBeforeSeconds: 86_400,
        recurrence: {
          kind: v.recurrenceKind,
          ...(v.recurrenceKind === 'cron' ? { cron: v.cron } : {}),
          ...(v.recurrenceKind === 'interval' ? { everySeconds: v.everySeconds } : {}),
        },
        ...(v.selfCheckAmount ? { selfCheckWindow: { unit: v.selfCheckUnit, amount: v.selfCheckAmount } } : {}),
        ...(v.rectificationAmount
          ? { rectificationWindow: { unit: v.rectificationUnit, amount: v.rectificationAmount } }
          : {}),
        ...(v.inspectorUserId ? { inspectorUserId: v.inspectorUserId } : {}),
      };
      return unwrap(api.POST('/inspection-plans', { body, params: { header: { 'idempotency-key': idempotencyKey } } }));
    },
    onSuccess: async (plan) => {
      await client.invalidateQueries({ queryKey: ['inspection-plans'] });
      message.success(
        plan.recurrence && (plan.recurrence as { kind: string }).kind !== 'once' ? '检查计划已排期' : '检查已启动',
      );
      void navigate(planPath(plan.id));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length)
        form.setFields(
          e.fields.filter((f) => FIELD_OF[f.field]).map((f) => ({ name: FIELD_OF[f.field]!, errors: [f.message] })),
        );
    },
  });
  const unplaced = create.error instanceof ApiError ? create.error.fields.filter((f) => !FIELD_OF[f.field]) : [];

  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 880 }}>
      <Typography.Title level={3}>发起检查计划</Typography.Title>
      <Typography.Paragraph type="secondary">
        对辖区内单位开展监督检查（《河南省全民健康信息管理实施细则》第三十三条）。受检单位收到自查任务，
        检查员复核并登记问题后，系统出具限期整改通知书。
      </Typography.Paragraph>
      {create.isError && (
        <Alert
          type="error"
          title={messageOf(create.error)}
          description={unplaced.length ? unplaced.map((f) => `${f.field}：${f.message}`).join('；') : undefined}
        />
      )}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            targetMode: 'subtree',
            selfCheckUnit: 'working_days',
            rectificationUnit: 'working_days',
            recurrenceKind: 'once',
          }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="title"
            label="计划名称"
            rules={[{ required: true, min: 2, max: 100, message: '请填写 2–100 字的计划名称' }]}
          >
            <Input placeholder="如：2026 年第四季度网络与数据安全监督检查" />
          </Form.Item>
          <Form.Item name="templateId" label="检查表" rules={[{ required: true, message: '请选择检查表' }]}>
            <Select
              loading={templates.isPending}
              placeholder="选择检查表模板"
              options={templates.data?.items.map((t) => ({
                value: t.id,
                label: `${t.title}（第 ${t.version} 版，${t.items.length} 项）`,
              }))}
            />
          </Form.Item>
          {template && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
              检查项依据：
              <Basis text={[...new Set(template.items.map((i) => i.article))].join('；')} />
            </Typography.Paragraph>
          )}
          <Form.Item name="targetMode" label="受检单位">
            <Radio.Group
              options={[
                { value: 'subtree', label: '某单位及其下属全部单位' },
                { value: 'units', label: '逐个选择单位' },
              ]}
            />
          </Form.Item>
          {targetMode === 'units' ? (
            <Form.Item name="unitIds" label="选择单位" rules={[{ required: true, message: '请至少选择一个单位' }]}>
              <TreeSelect
                treeData={tree.data?.roots}
                loading={tree.isPending}
                treeCheckable
                treeCheckStrictly={false}
                showCheckedStrategy={TreeSelect.SHOW_ALL}
                treeDefaultExpandAll
                placeholder="在单位树中勾选受检单位"
                showSearch={{ treeNodeFilterProp: 'title' }}
                labelInValue={false}
              />
            </Form.Item>
          ) : (
            <Form.Item
              name="subtreeOf"
              label="检查范围（所选单位下的全部医疗卫生机构）"
              rules={[{ required: true, message: '请选择检查范围' }]}
              extra="选择一个卫生健康委员会，即检查其下属的全部单位。"
            >
              <TreeSelect
                treeData={tree.data?.roots}
                loading={tree.isPending}
                treeDefaultExpandAll
                placeholder="在单位树中选择"
                showSearch={{ treeNodeFilterProp: 'title' }}
                data-testid="subtree-picker"
              />
            </Form.Item>
          )}
          <Space wrap align="start">
            <Form.Item label="自查期限（不填按期限策略）" style={{ marginBottom: 0 }}>
              <Space.Compact>
                <Form.Item name="selfCheckAmount" noStyle>
                  <InputNumber min={1} max={3650} placeholder="天数" aria-label="自查期限" />
                </Form.Item>
                <Form.Item name="selfCheckUnit" noStyle>
                  <Select options={windowOptions} style={{ width: 120 }} aria-label="自查期限单位" />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
            <Form.Item label="整改期限（不填按期限策略）" style={{ marginBottom: 0 }}>
              <Space.Compact>
                <Form.Item name="rectificationAmount" noStyle>
                  <InputNumber min={1} max={3650} placeholder="天数" aria-label="整改期限" />
                </Form.Item>
                <Form.Item name="rectificationUnit" noStyle>
                  <Select options={windowOptions} style={{ width: 120 }} aria-label="整改期限单位" />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Space>
          <Form.Item
            name="inspectorUserId"
            label="复核检查员"
            style={{ marginTop: 24 }}
            extra="不指定时，由本单位的监督检查员共同办理复核任务。"
          >
            <Select
              allowClear
              loading={inspectors.isPending}
              placeholder="本单位的监督检查员"
              options={inspectors.data?.items.map((u) => ({
                value: u.id,
                label: `${u.realName}（${unitName.get(u.unitId) ?? ''}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="recurrenceKind" label="执行方式">
            <Radio.Group options={Object.entries(RECURRENCE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {recurrenceKind === 'cron' && (
            <Form.Item
              name="cron"
              label="定时表达式（北京时间，五段式：分 时 日 月 周）"
              rules={[{ required: true, pattern: /^\S+( \S+){4}$/, message: '请填写五段式定时表达式，如 0 9 1 * *' }]}
            >
              <Input placeholder="0 9 1 * *" />
            </Form.Item>
          )}
          {recurrenceKind === 'interval' && (
            <Form.Item name="everySeconds" label="间隔（秒）" rules={[{ required: true, message: '请填写间隔秒数' }]}>
              <InputNumber min={1} max={366 * 86_400} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {recurrenceKind === 'once' ? '立即发起检查' : '创建周期计划'}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
