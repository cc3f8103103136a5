// 初报: a unit reports a security incident (000 第三十一条). The form shows each level's criteria and
// the time its report is due in (the deadline policies in force), so a clerk can classify and see
// how late it is without the guide at hand. An official may record an incident a unit of their
// jurisdiction did not report (漏报).
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
  message,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { PageFrame, useUnitNames } from './common.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { Basis } from '../../components/Basis.js';

type CreateIncident = components['schemas']['CreateIncident'];
type Values = Omit<CreateIncident, 'discoveredAt'> & { discoveredAt: Dayjs };

const newKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

export default function IncidentNew() {
  const me = useUser();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  // One key for this form: a retried submit (a lost answer) never reports the incident twice.
  const [key] = useState(newKey);
  const units = useUnitNames();
  const supervisor = hasRole(me, ['official']) && !hasRole(me, ['unit_staff', 'unit_leader']);
  const reportForm = useQuery({
    queryKey: ['incidents', 'report-form'],
    queryFn: () => unwrap(api.GET('/incidents/report-form')),
  });
  const level = Form.useWatch('level', form);
  const cii = Form.useWatch('criticalInfrastructure', form) ?? false;
  const chosen = reportForm.data?.levels.find((l) => l.level === level);
  const limit = chosen?.reportWithin.find((r) => r.criticalInfrastructure === cii);
  const unitOptions = useMemo(
    () => [...units].filter(([id]) => id !== me.unitId).map(([value, label]) => ({ value, label })),
    [units, me.unitId],
  );

  const submit = useMutation({
    mutationFn: (body: CreateIncident) => unwrap(api.POST('/incidents', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: async (incident) => {
      await client.invalidateQueries({ queryKey: ['incidents'] });
      void message.success(incident.late ? '初报已提交（已超过报告时限，记为迟报）' : '初报已提交，已送达主管部门');
      void navigate(`/app/incidents/${incident.id}`);
    },
    onError: (e) => {
      placeFieldErrors(form, e);
      setFormError(messageOf(e));
    },
  });

  if (reportForm.isPending) return <Skeleton active />;
  if (reportForm.isError) return <Alert type="error" title={messageOf(reportForm.error)} />;
  const { levels, categories } = reportForm.data;

  return (
    <PageFrame title={supervisor ? '登记辖区单位未报告的事件（漏报）' : '报告安全事件（初报）'}>
      <Typography.Paragraph type="secondary">
        <Basis
          text={
            '依据 000 第三十一条，发生网络与信息安全事件须及时向上级主管部门报告。' +
            '时限自发现时起算；超过时限的报告照常受理，记为迟报。'
          }
        />
      </Typography.Paragraph>
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 880 }}
          initialValues={{
            criticalInfrastructure: false,
            personalInfoAffected: 0,
            systemsAffected: [],
            discoveredAt: dayjs().startOf('minute'),
            contact: { name: me.realName, phone: '' },
          }}
          onValuesChange={() => setFormError(null)}
          onFinish={(v) => {
            const { discoveredAt, dataAffected, ...rest } = v;
            submit.mutate({
              ...rest,
              ...(dataAffected ? { dataAffected } : {}),
              discoveredAt: discoveredAt.format(),
            });
          }}
        >
          {supervisor && (
            <Form.Item name="unitId" label="事发单位" rules={[{ required: true, message: '请选择事发单位' }]}>
              <Select showSearch optionFilterProp="label" options={unitOptions} placeholder="选择辖区内的单位" />
            </Form.Item>
          )}
          <Form.Item
            name="title"
            label="事件标题"
            rules={[{ required: true, min: 2, max: 80, message: '请填写 2–80 个字的标题' }]}
          >
            <Input placeholder="例如：门诊系统遭勒索软件加密" maxLength={80} />
          </Form.Item>
          <Form.Item name="level" label="事件级别" rules={[{ required: true, message: '请选择事件级别' }]}>
            <Radio.Group style={{ width: '100%' }}>
              <Space orientation="vertical">
                {levels.map((l) => (
                  <Radio key={l.level} value={l.level}>
                    <Typography.Text strong>{l.name}</Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {l.criteria.replace(/^[^：]+：/, '')}
                    </Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="criticalInfrastructure" label="是否涉及关键信息基础设施" valuePropName="checked">
            <Switch checkedChildren="涉及" unCheckedChildren="不涉及" />
          </Form.Item>
          {chosen && limit && (
            <Alert
              style={{ marginBottom: 16 }}
              type={chosen.level === 'IV' ? 'info' : 'warning'}
              data-testid="report-limit"
              title={`${chosen.name}事件须在发现后 ${limit.limit}内报告${chosen.forwardedToProvince ? '，并逐级上报至省卫生健康委' : ''}`}
              description={limit.basis ? <Basis text={`依据：${limit.basis}`} /> : undefined}
            />
          )}
          <Form.Item name="category" label="事件类别" rules={[{ required: true, message: '请选择事件类别' }]}>
            <Select
              placeholder="选择类别"
              options={categories.map((c) => ({ value: c.category, label: c.name }))}
              style={{ maxWidth: 320 }}
            />
          </Form.Item>
          <Form.Item name="discoveredAt" label="发现时间" rules={[{ required: true, message: '请填写发现时间' }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
          </Form.Item>
          <Form.Item name="description" label="事件经过" rules={[{ required: true, message: '请填写事件经过' }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item name="systemsAffected" label="受影响的信息系统" extra="输入系统名称后按回车，可填写多个">
            <Select mode="tags" open={false} suffixIcon={null} placeholder="例如：HIS、PACS" />
          </Form.Item>
          <Form.Item name="dataAffected" label="受影响的数据">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="personalInfoAffected" label="涉及个人信息的条数（估计；不涉及填 0）">
            <InputNumber min={0} max={2_000_000_000} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="measuresTaken"
            label="已采取的处置措施"
            rules={[{ required: true, message: '请填写已采取的处置措施' }]}
          >
            <Input.TextArea rows={3} maxLength={4000} showCount />
          </Form.Item>
          <Space wrap style={{ display: 'flex' }}>
            <Form.Item name={['contact', 'name']} label="联系人" rules={[{ required: true, message: '请填写联系人' }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item
              name={['contact', 'phone']}
              label="联系电话"
              rules={[{ required: true, message: '请填写联系电话' }]}
            >
              <Input maxLength={30} />
            </Form.Item>
          </Space>
          {formError && <Alert type="error" title={formError} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              提交初报
            </Button>
            <Button onClick={() => void navigate('/app/incidents')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </PageFrame>
  );
}
