// 下发通知: an official sends a numbered 通知 to one unit of the jurisdiction; it is issued at once
// (no leader's approval) and the unit signs for it (签收) by the deadline.
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { unitLabel, useUnits } from './units.js';

interface Values {
  recipientUnitId: number;
  title: string;
  text: string;
  dueAt?: Dayjs;
  remindBeforeSeconds: number;
}

export default function NoticeDraft() {
  const me = useUser();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const units = useUnits();
  const [failure, setFailure] = useState<string>();
  const submit = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/notices', {
          headers: { 'Idempotency-Key': crypto.randomUUID() },
          body: {
            recipientUnitId: v.recipientUnitId,
            title: v.title,
            paragraphs: v.text
              .split(/\n\s*\n/)
              .map((p) => p.trim())
              .filter(Boolean),
            remindBeforeSeconds: v.remindBeforeSeconds,
            ...(v.dueAt ? { dueAt: v.dueAt.format() } : {}),
          },
        }),
      ),
    onSuccess: async (n) => {
      await client.invalidateQueries({ queryKey: ['notices'] });
      message.success('通知已下发');
      void navigate(`/app/circulars/notices/${n.id}`);
    },
    onError: (e) => {
      const { allPlaced } = placeFieldErrors(form, e, (p) => [p[0] === 'paragraphs' ? 'text' : p[0]!]);
      setFailure(allPlaced ? '请按提示修改标红的字段。' : messageOf(e));
    },
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          下发通知
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">
        通知编号印发后送达接收单位，接收单位须在期限内签收；期限缺省按期限策略 notice.receipt。
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        initialValues={{ remindBeforeSeconds: 86_400 }}
        onFinish={(v) => {
          setFailure(undefined);
          submit.mutate(v);
        }}
      >
        <Form.Item name="recipientUnitId" label="接收单位" rules={[{ required: true, message: '请选择接收单位' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={units.isPending}
            options={(units.data ?? [])
              .filter((u) => u.id !== me.unitId)
              .map((u) => ({ value: u.id, label: unitLabel(u, units.data ?? []) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, min: 2, max: 80, message: '标题须为 2–80 个字' }]}
        >
          <Input maxLength={80} showCount placeholder="例如：关于开展数据备份恢复演练的通知" />
        </Form.Item>
        <Form.Item
          name="text"
          label="正文（空行分段）"
          rules={[{ required: true, whitespace: true, message: '请填写正文' }]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} />
        </Form.Item>
        <Form.Item name="dueAt" label="签收截止时间（可选）">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="remindBeforeSeconds" label="自动提醒">
          <Select
            style={{ width: 240 }}
            options={[
              { value: 0, label: '不自动提醒' },
              { value: 3600 * 4, label: '截止前 4 小时' },
              { value: 86_400, label: '截止前 1 天' },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            下发
          </Button>
          <Button onClick={() => void navigate('/app/circulars?box=notices')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
