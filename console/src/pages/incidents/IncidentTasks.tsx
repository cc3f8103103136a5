// The steps an office takes on an incident from its own inbox, in the incident's page: 签收 a report,
// 上报 it to its own superior, or answer an escalation. Each completes its task through
// POST /tasks/{id}/complete; the API's field errors are shown on the fields.
import { Alert, App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { Due } from '../../components/Due.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { REPLY_NAMES } from './labels.js';

type Task = components['schemas']['Task'];

interface Field {
  name: string;
  label: string;
  required: boolean;
  long?: boolean;
  options?: { value: string; label: string }[];
}

/** The form of each task type this page completes (domain/incident-forms.ts, domain/escalation-form.ts). */
const FORMS: Record<string, { action: string; fields: Field[] }> = {
  incident_acknowledgement: {
    action: '签收',
    fields: [
      { name: 'receiverName', label: '签收人姓名', required: true },
      { name: 'remark', label: '备注', required: false, long: true },
    ],
  },
  incident_forward: { action: '上报', fields: [{ name: 'comment', label: '转报意见', required: true, long: true }] },
  incident_alert_receipt: {
    action: '签收',
    fields: [{ name: 'receiverName', label: '签收人姓名', required: true }],
  },
  incident_alert_reply: {
    action: '回复自查结果',
    fields: [
      {
        name: 'result',
        label: '自查结论',
        required: true,
        options: Object.entries(REPLY_NAMES).map(([value, label]) => ({ value, label })),
      },
      { name: 'details', label: '自查情况', required: true, long: true },
      { name: 'measuresTaken', label: '采取的措施', required: false, long: true },
    ],
  },
  incident_escalation: {
    action: '督办',
    fields: [{ name: 'note', label: '对逾期采取的措施', required: true, long: true }],
  },
  incident_alert_escalation: {
    action: '督办',
    fields: [{ name: 'note', label: '对逾期采取的措施', required: true, long: true }],
  },
};

/** Open tasks of the user's unit for this process, each with its form. */
export function useProcessTasks(workflowId: string) {
  return useQuery({
    queryKey: ['tasks', 'process', workflowId],
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/tasks', { params: { query: { scope: 'unit', status: 'open', page: 1, pageSize: 200 } } }),
      );
      // Only the steps this page has a form for; the 终报 task is met by the 终报 form itself.
      return page.items.filter((t) => t.workflowId === workflowId && t.type in FORMS);
    },
  });
}

export function TaskCard({ task, defaultName, onDone }: { task: Task; defaultName: string; onDone: () => void }) {
  const spec = FORMS[task.type];
  const [form] = Form.useForm<Record<string, string>>();
  const [error, setError] = useState<string | null>(null);
  const client = useQueryClient();
  const { message } = App.useApp();
  const complete = useMutation({
    mutationFn: (input: Record<string, string>) =>
      unwrap(api.POST('/tasks/{id}/complete', { params: { path: { id: task.id } }, body: { input } })),
    onSuccess: async () => {
      void message.success(`已${spec?.action ?? '办理'}`);
      await client.invalidateQueries({ queryKey: ['tasks'] });
      onDone();
    },
    onError: (e) => {
      placeFieldErrors(form, e, (p) => (p[0] === 'input' ? p.slice(1) : p));
      setError(messageOf(e));
    },
  });
  if (!spec) return null;
  return (
    <Card size="small" title={task.title} extra={<Due at={task.dueAt} />} data-testid={`task-${task.type}`}>
      <Form
        form={form}
        layout="vertical"
        initialValues={spec.fields.some((f) => f.name === 'receiverName') ? { receiverName: defaultName } : {}}
        onFinish={(v) =>
          complete.mutate(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))
        }
      >
        {spec.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            rules={f.required ? [{ required: true, message: `请填写${f.label}` }] : []}
          >
            {f.options ? <Radio.Group options={f.options} /> : f.long ? <Input.TextArea rows={2} /> : <Input />}
          </Form.Item>
        ))}
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={complete.isPending}>
            {spec.action}
          </Button>
          {task.overdue && <Typography.Text type="danger">该步骤已逾期</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}
