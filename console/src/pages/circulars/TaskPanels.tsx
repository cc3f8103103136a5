// The circular process's human tasks where they belong, on the circular's page: the leader's
// approval or return, the drafter's revision, a recipient's receipt (签收) and reply, and the
// sender's acknowledgement of the laggards after the deadline. Each completes its task through
// POST /tasks/{id}/complete; the API's field errors land on the fields.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { messageOf } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { Due } from '../../components/Due.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { useCompleteTask, type Task } from './tasks.js';
import { Basis } from '../../components/Basis.js';

interface PanelProps {
  task: Task;
  refresh: readonly unknown[];
}

function useTaskForm<V extends object>(task: Task, refresh: readonly unknown[], done: string) {
  const [form] = Form.useForm<V>();
  const complete = useCompleteTask(refresh);
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string>();
  const submit = (input: Record<string, unknown>) => {
    setFailure(undefined);
    complete.mutate(
      { id: task.id, input },
      {
        onSuccess: () => void message.success(done),
        onError: (e) => setFailure(placeFieldErrors(form, e).allPlaced ? '请按提示修改标红的字段。' : messageOf(e)),
      },
    );
  };
  return { form, submit, failure, pending: complete.isPending };
}

function TaskCard({ task, title, children }: { task: Task; title: string; children: React.ReactNode }) {
  return (
    <Card
      size="small"
      title={title}
      extra={<Due at={task.dueAt} />}
      style={{ borderColor: '#b8232f' }}
      data-testid={`task-${task.type}`}
    >
      {children}
    </Card>
  );
}

const trimmed = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export function ApprovalPanel({ task, refresh }: PanelProps) {
  const { form, submit, failure, pending } = useTaskForm<{ decision: 'approve' | 'return'; comment?: string }>(
    task,
    refresh,
    '审批意见已提交',
  );
  const decision = Form.useWatch('decision', form);
  return (
    <TaskCard task={task} title="领导审批">
      <Typography.Paragraph type="secondary">
        同意后通报即编号印发、分发各主送单位；退回的须写明修改意见，退回的稿件不占用文号。
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: 'approve' }}
        onFinish={(v) =>
          submit({ decision: v.decision, ...(trimmed(v.comment) ? { comment: trimmed(v.comment) } : {}) })
        }
      >
        <Form.Item name="decision" label="审批决定">
          <Radio.Group
            options={[
              { value: 'approve', label: '同意印发' },
              { value: 'return', label: '退回修改' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="comment"
          label="审批意见"
          rules={decision === 'return' ? [{ required: true, whitespace: true, message: '退回时须写明修改意见' }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} placeholder="例如：同意印发" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          提交审批意见
        </Button>
      </Form>
    </TaskCard>
  );
}

export function RevisionPanel({
  task,
  refresh,
  title,
  paragraphs,
}: PanelProps & { title: string; paragraphs: string[] }) {
  const { form, submit, failure, pending } = useTaskForm<{ title: string; text: string; comment?: string }>(
    task,
    refresh,
    '已处理退回的稿件',
  );
  const { modal } = App.useApp();
  return (
    <TaskCard task={task} title="修改后重新报批">
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title, text: paragraphs.join('\n\n') }}
        onFinish={(v) =>
          submit({
            action: 'resubmit',
            title: v.title,
            paragraphs: v.text
              .split(/\n\s*\n/)
              .map((p) => p.trim())
              .filter(Boolean),
            ...(trimmed(v.comment) ? { comment: trimmed(v.comment) } : {}),
          })
        }
      >
        <Form.Item name="title" label="标题" rules={[{ required: true, min: 2, max: 80 }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="text" label="正文（空行分段）" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} />
        </Form.Item>
        <Form.Item name="comment" label="修改说明">
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={1000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={pending}>
            重新报批
          </Button>
          <Button
            danger
            onClick={() =>
              modal.confirm({
                title: '撤回该通报？',
                content: '撤回后该稿件不再印发。',
                okText: '撤回',
                cancelText: '取消',
                onOk: () => submit({ action: 'withdraw' }),
              })
            }
          >
            撤回
          </Button>
        </Space>
      </Form>
    </TaskCard>
  );
}

export function ReceiptPanel({ task, refresh }: PanelProps) {
  const me = useUser();
  const { form, submit, failure, pending } = useTaskForm<{ receiverName: string }>(task, refresh, '已签收');
  return (
    <TaskCard task={task} title="签收">
      <Typography.Paragraph type="secondary">
        <Basis text="请阅读下方公文后签收（000 第三十五条；001 第二十一条 通报制度）。" />
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="inline"
        initialValues={{ receiverName: me.realName }}
        onFinish={(v) => submit({ receiverName: v.receiverName.trim() })}
      >
        <Form.Item
          name="receiverName"
          label="签收人"
          rules={[{ required: true, min: 2, max: 50, message: '须为签收人的真实姓名（2–50 个字符）' }]}
        >
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          签收
        </Button>
      </Form>
    </TaskCard>
  );
}

export function ReplyPanel({ task, refresh }: PanelProps) {
  const { form, submit, failure, pending } = useTaskForm<{ content: string }>(task, refresh, '回复已提交');
  return (
    <TaskCard task={task} title="书面回复">
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => submit({ content: v.content.trim() })}>
        <Form.Item
          name="content"
          label="回复内容（落实情况）"
          rules={[{ required: true, whitespace: true, message: '请填写回复内容' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={4000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          提交回复
        </Button>
      </Form>
    </TaskCard>
  );
}

export function EscalationPanel({ task, refresh }: PanelProps) {
  const { form, submit, failure, pending } = useTaskForm<{ note: string }>(task, refresh, '已处理逾期单位，通报办结');
  return (
    <TaskCard task={task} title="逾期处理">
      <Typography.Paragraph type="secondary">
        签收期限已过，仍有单位未办结。写明对逾期单位采取的措施后，通报办结，逾期单位的待办收回。
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => submit({ note: v.note.trim() })}>
        <Form.Item name="note" label="处理措施" rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          提交并办结
        </Button>
      </Form>
    </TaskCard>
  );
}
