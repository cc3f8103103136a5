// 续报 and 终报 (POST /incidents/{id}/reports): the reporting unit follows its 初报 with progress
// (a new level re-routes the report; "handled" starts the 终报 deadline) and, once handled, the final
// report's cause, impact, handling, rectification and lessons.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Radio, Space, Switch, Tabs } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { placeFieldErrors } from '../../forms/field-errors.js';

type FollowUp = components['schemas']['FollowUpIncidentReport'];
type Incident = components['schemas']['IncidentDetail'];

const LEVEL_OPTIONS = [
  { value: 'I', label: '特别重大' },
  { value: 'II', label: '重大' },
  { value: 'III', label: '较大' },
  { value: 'IV', label: '一般' },
];

function useReport(incident: Incident, form: ReturnType<typeof Form.useForm>[0], done: string) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (body: FollowUp) =>
      unwrap(api.POST('/incidents/{id}/reports', { params: { path: { id: incident.id } }, body })),
    onSuccess: async () => {
      void message.success(done);
      form.resetFields();
      setError(null);
      await client.invalidateQueries({ queryKey: ['incidents'] });
      await client.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (e) => {
      placeFieldErrors(form, e);
      setError(messageOf(e));
    },
  });
  return { mutation, error };
}

function UpdateForm({ incident }: { incident: Incident }) {
  const [form] = Form.useForm();
  const { mutation, error } = useReport(incident, form, '续报已提交');
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v: Record<string, unknown>) => {
        const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
        mutation.mutate({ ...body, stage: 'update' } as FollowUp);
      }}
    >
      <Form.Item name="progress" label="事件进展" rules={[{ required: true, message: '请填写事件进展' }]}>
        <Input.TextArea rows={3} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item name="measuresTaken" label="新采取的处置措施">
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      <Space wrap align="start" style={{ display: 'flex' }}>
        <Form.Item name="level" label="调整事件级别（不调整则留空）">
          <Radio.Group options={LEVEL_OPTIONS} optionType="button" />
        </Form.Item>
        <Form.Item name="personalInfoAffected" label="涉及个人信息（条）">
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="handled" label="事件已处置完毕" valuePropName="checked" extra="勾选后须在期限内报送终报">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Space>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={mutation.isPending}>
        提交续报
      </Button>
    </Form>
  );
}

const FINAL_FIELDS: [string, string][] = [
  ['cause', '事件原因'],
  ['impact', '影响范围和损失'],
  ['handling', '处置情况'],
  ['rectification', '整改措施'],
  ['lessons', '经验教训'],
];

function FinalForm({ incident }: { incident: Incident }) {
  const [form] = Form.useForm();
  const { mutation, error } = useReport(incident, form, '终报已提交');
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v: Record<string, string>) => mutation.mutate({ ...v, stage: 'final' } as FollowUp)}
    >
      {FINAL_FIELDS.map(([name, label]) => (
        <Form.Item key={name} name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      ))}
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={mutation.isPending}>
        提交终报
      </Button>
    </Form>
  );
}

export function FollowUpReport({ incident }: { incident: Incident }) {
  return (
    <Tabs
      defaultActiveKey={incident.status === 'handled' ? 'final' : 'update'}
      items={[
        { key: 'update', label: '续报', children: <UpdateForm incident={incident} /> },
        { key: 'final', label: '终报', children: <FinalForm incident={incident} /> },
      ]}
    />
  );
}
