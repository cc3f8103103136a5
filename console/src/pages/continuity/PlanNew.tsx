// 登记应急预案: a unit records an approved version of its emergency plan (000 第三十一条), then uploads
// the plan document on the plan's page.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { PageFrame } from '../incidents/common.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { DAY } from './labels.js';

interface Values {
  title: string;
  version: string;
  approvedOn: Dayjs;
  nextDrillOn: Dayjs;
  scope: string;
  summary?: string;
}

export default function PlanNew() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/emergency-plans', {
          body: {
            title: v.title,
            version: v.version,
            approvedOn: v.approvedOn.format(DAY),
            nextDrillOn: v.nextDrillOn.format(DAY),
            scope: v.scope,
            ...(v.summary ? { summary: v.summary } : {}),
          },
        }),
      ),
    onSuccess: async (plan) => {
      await client.invalidateQueries({ queryKey: ['emergency-plans'] });
      void message.success('应急预案已登记，请上传预案文本');
      // The generated type marks a plan nullable (the name is shared with `currentPlan`); a 201 always has one.
      void navigate(`/app/continuity/plans/${plan!.id}`);
    },
    onError: (e) => {
      placeFieldErrors(form, e);
      setError(messageOf(e));
    },
  });
  return (
    <PageFrame title="登记应急预案">
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 760 }}
          onValuesChange={() => setError(null)}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="title" label="预案名称" rules={[{ required: true, message: '请填写预案名称' }]}>
            <Input maxLength={200} placeholder="例如：网络与信息安全事件应急预案" />
          </Form.Item>
          <Form.Item name="version" label="版本" rules={[{ required: true, message: '请填写版本' }]}>
            <Input maxLength={50} placeholder="例如：2026版" style={{ width: 200 }} />
          </Form.Item>
          <Space wrap style={{ display: 'flex' }}>
            <Form.Item
              name="approvedOn"
              label="批准（印发）日期"
              rules={[{ required: true, message: '请选择批准日期' }]}
            >
              <DatePicker format={DAY} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item
              name="nextDrillOn"
              label="下次演练日期"
              rules={[{ required: true, message: '请选择下次演练日期' }]}
            >
              <DatePicker format={DAY} />
            </Form.Item>
          </Space>
          <Form.Item name="scope" label="适用范围" rules={[{ required: true, message: '请填写适用范围' }]}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="覆盖的信息系统、事件类别和响应人员" />
          </Form.Item>
          <Form.Item name="summary" label="摘要">
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              登记
            </Button>
            <Button onClick={() => void navigate('/app/continuity?tab=plans')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </PageFrame>
  );
}
