// 预警通报: an official turns an incident into a numbered alert to every institution of a subtree of
// their jurisdiction, with the measures each must take and the reply deadline (000 第三十一条; README,
// Security incidents). One PDF for all; each unit signs for it and replies with its self-check.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { PageFrame, useUnitNames } from './common.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { Basis } from '../../components/Basis.js';

interface Values {
  title: string;
  paragraphs: string;
  measures: string;
  rootUnitId?: number;
  replyDueAt?: Dayjs;
  remindBeforeSeconds: number;
}

const lines = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

const newKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

export default function AlertNew() {
  const { id = '' } = useParams();
  const me = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const units = useUnitNames();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [key] = useState(newKey);
  const incident = useQuery({
    queryKey: ['incidents', id],
    queryFn: () => unwrap(api.GET('/incidents/{id}', { params: { path: { id } } })),
  });
  const issue = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/incidents/{id}/alerts', {
          params: { path: { id } },
          headers: { 'Idempotency-Key': key },
          body: {
            title: v.title,
            paragraphs: lines(v.paragraphs, /\n\s*\n/),
            measures: lines(v.measures, /\n/),
            ...(v.rootUnitId !== undefined ? { rootUnitId: v.rootUnitId } : {}),
            ...(v.replyDueAt ? { replyDueAt: v.replyDueAt.format() } : {}),
            remindBeforeSeconds: v.remindBeforeSeconds,
          },
        }),
      ),
    onSuccess: async (alert) => {
      await client.invalidateQueries({ queryKey: ['incidents'] });
      await client.invalidateQueries({ queryKey: ['alerts'] });
      void message.success('预警通报已发布，正在编号并分发');
      void navigate(`/app/alerts/${alert.id}`);
    },
    onError: (e) => {
      placeFieldErrors(form, e, (p) => [p[0]!]);
      setError(messageOf(e));
    },
  });
  return (
    <PageFrame title="发布预警通报">
      {incident.data && (
        <Typography.Paragraph type="secondary">
          由事件“{incident.data.title}”（{incident.data.levelName}）发布。
          <Basis text="依据 000 第三十一条，主管部门可向辖区医疗卫生机构通报风险，要求其签收并回复自查结果。" />
        </Typography.Paragraph>
      )}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 880 }}
          initialValues={{ remindBeforeSeconds: 86_400 }}
          onValuesChange={() => setError(null)}
          onFinish={(v) => issue.mutate(v)}
        >
          <Form.Item name="title" label="通报标题" rules={[{ required: true, min: 2, message: '请填写通报标题' }]}>
            <Input maxLength={80} placeholder="例如：关于防范勒索软件攻击的预警通报" />
          </Form.Item>
          <Form.Item
            name="paragraphs"
            label="正文（事件情况、风险提示；段落之间空一行）"
            rules={[{ required: true, message: '请填写正文' }]}
          >
            <Input.TextArea rows={5} />
          </Form.Item>
          <Form.Item
            name="measures"
            label="须采取的防范措施（每行一项）"
            rules={[{ required: true, message: '至少须列出一项防范措施' }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="rootUnitId" label="通报范围" extra="该单位及其下级的全部医疗卫生机构；不选则为本单位辖区">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={`${me.unitName}辖区`}
              options={[...units].map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Space wrap align="start" style={{ display: 'flex' }}>
            <Form.Item
              name="replyDueAt"
              label="回复期限"
              extra="不填则按期限策略“预警通报回复”（incident.alert.reply）"
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              />
            </Form.Item>
            <Form.Item name="remindBeforeSeconds" label="自动提醒">
              <Select
                style={{ width: 200 }}
                options={[
                  { value: 0, label: '不自动提醒' },
                  { value: 4 * 3600, label: '期限前 4 小时' },
                  { value: 86_400, label: '期限前 1 天' },
                  { value: 2 * 86_400, label: '期限前 2 天' },
                ]}
              />
            </Form.Item>
          </Space>
          {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={issue.isPending}>
              发布
            </Button>
            <Button onClick={() => void navigate(`/app/incidents/${id}`)}>取消</Button>
          </Space>
        </Form>
      </Card>
    </PageFrame>
  );
}
