// Deadline policies (README, Development: deadlines are data): how long each kind of work may take,
// the article it rests on, and the deadline it would give if started now. Admins change them;
// running processes keep the deadlines they already have.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { Due, formatInstant } from '../../components/Due.js';
import { showRefusal } from '../../forms/field-errors.js';
import { Basis } from '../../components/Basis.js';

type Policy = components['schemas']['DeadlinePolicy'];
type UpdatePolicy = components['schemas']['UpdateDeadlinePolicy'];

export const DEADLINE_UNIT_NAMES: Record<Policy['unit'], string> = {
  working_days: '个工作日',
  calendar_days: '个自然日',
  hours: '小时',
  seconds: '秒',
};
const unitOptions = Object.entries(DEADLINE_UNIT_NAMES).map(([value, label]) => ({
  value,
  label: label.replace(/^个/, ''),
}));
const POLICIES_KEY = ['deadline-policies'] as const;

export default function PoliciesPage() {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Policy>();
  const policies = useQuery({
    queryKey: [...POLICIES_KEY, page],
    queryFn: () => unwrap(api.GET('/deadline-policies', { params: { query: page } })),
    placeholderData: keepPreviousData,
  });
  return (
    <div>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="修改时限只影响此后开始的事项；已在办理中的事项保留原有期限。"
      />
      <Table
        rowKey="key"
        size="middle"
        loading={policies.isFetching}
        dataSource={policies.data?.items}
        locale={{ emptyText: <Empty description="没有时限策略" /> }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: policies.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 项`,
          onChange: (p, pageSize) => setPage({ page: p, pageSize }),
        }}
        columns={[
          { title: '事项', dataIndex: 'description', render: (d: string, p) => <span title={p.key}>{d}</span> },
          {
            title: '期限',
            key: 'limit',
            width: 110,
            render: (_, p) => (
              <span style={{ whiteSpace: 'nowrap' }}>{`${p.amount} ${DEADLINE_UNIT_NAMES[p.unit]}`}</span>
            ),
          },
          {
            title: '依据',
            dataIndex: 'basis',
            render: (basis: string | null) => (basis ? <Basis text={basis} /> : '未注明'),
          },
          {
            title: '若现在开始，截止于',
            dataIndex: 'deadlineIfStartedNow',
            render: (at: string) => (
              <Space orientation="vertical" size={0}>
                <span>{formatInstant(at)}</span>
                <Due at={at} />
              </Space>
            ),
          },
          { title: '最后修改', dataIndex: 'updatedAt', width: 150, render: (at: string) => formatInstant(at) },
          {
            title: '操作',
            key: 'actions',
            render: (_, p) => (
              <Button type="link" size="small" onClick={() => setEditing(p)} aria-label={`修改“${p.description}”`}>
                修改
              </Button>
            ),
          },
        ]}
      />
      {editing && <EditPolicyDialog policy={editing} onClose={() => setEditing(undefined)} />}
    </div>
  );
}

function EditPolicyDialog({ policy, onClose }: { policy: Policy; onClose: () => void }) {
  const [form] = Form.useForm<{ unit: Policy['unit']; amount: number; description: string; basis: string }>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (body: UpdatePolicy) =>
      unwrap(api.PATCH('/deadline-policies/{key}', { params: { path: { key: policy.key } }, body })),
    onSuccess: async () => {
      void message.success('时限策略已保存');
      await client.invalidateQueries({ queryKey: POLICIES_KEY });
      onClose();
    },
    onError: (e) => showRefusal(e, form, message),
  });
  return (
    <Modal
      open
      title={`修改时限：${policy.description}`}
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={update.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="edit-policy"
        initialValues={{ ...policy, basis: policy.basis ?? '' }}
        onFinish={(values) => update.mutate({ ...values, basis: values.basis || null })}
      >
        <Space align="start">
          <Form.Item name="amount" label="期限" rules={[{ required: true, message: '请填写期限' }]}>
            <InputNumber min={1} max={3650} precision={0} />
          </Form.Item>
          <Form.Item name="unit" label="单位" rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="description"
          label="事项说明"
          rules={[{ required: true, min: 2, max: 200, message: '请填写 2 至 200 字的说明' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="basis" label="依据（条款）" extra="如“000 第十九条”；条文未规定时限的，请注明">
          <Input.TextArea autoSize maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
