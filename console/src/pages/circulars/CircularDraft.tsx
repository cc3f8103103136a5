// 起草通报 (000 第三十五条): an official writes the circular, names its recipients one of three ways
// (units one by one, a unit and everything under it, or every unit of a kind), says whether a
// written reply is wanted and by when, and submits it to the commission's leader for approval.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { operations } from '../../api/schema.js';
import { useUser } from '../../auth/session.js';
import { placeFieldErrors, type NamePath } from '../../forms/field-errors.js';
import { KIND_NAMES, UNIT_KIND_NAMES } from './names.js';
import { unitLabel, useUnits } from './units.js';
import { Basis } from '../../components/Basis.js';

type Body = operations['postCirculars']['requestBody']['content']['application/json'];
type Mode = 'unitIds' | 'subtreeOf' | 'unitKind';

interface Values {
  kind: Body['kind'];
  title: string;
  paragraphs: string[];
  mode: Mode;
  unitIds?: number[];
  subtreeOf?: number;
  unitKind?: NonNullable<Body['recipients']['unitKind']>;
  attachmentIds?: string[];
  replyRequired: boolean;
  deadlineMode: 'policy' | 'days' | 'fixed';
  receiptWorkingDays?: number;
  replyWorkingDays?: number;
  receiptDueAt?: Dayjs;
  replyDueAt?: Dayjs;
  remindBeforeSeconds: number;
}

/** The API's field paths as this form names them. */
function formName(path: NamePath): NamePath | undefined {
  if (path[0] === 'recipients') return [typeof path[1] === 'string' ? path[1] : 'mode'];
  if (path[0] === 'paragraphs' && typeof path[1] === 'number') return ['paragraphs', path[1]];
  if (path[0] === 'attachmentIds') return ['attachmentIds'];
  return [path[0]!];
}

export default function CircularDraft() {
  const me = useUser();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const units = useUnits();
  const [failure, setFailure] = useState<string>();
  const mode = Form.useWatch('mode', form);
  const replyRequired = Form.useWatch('replyRequired', form);
  const deadlineMode = Form.useWatch('deadlineMode', form);
  const others = (units.data ?? []).filter((u) => u.id !== me.unitId);
  const institutions = others.filter((u) => u.kind !== 'commission');

  const submit = useMutation({
    mutationFn: (v: Values) => {
      const recipients: Body['recipients'] =
        v.mode === 'unitIds'
          ? { unitIds: v.unitIds }
          : v.mode === 'subtreeOf'
            ? { subtreeOf: v.subtreeOf }
            : { unitKind: v.unitKind };
      const body: Body = {
        kind: v.kind,
        title: v.title,
        paragraphs: v.paragraphs,
        recipients,
        replyRequired: v.replyRequired,
        remindBeforeSeconds: v.remindBeforeSeconds,
        ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
        ...(v.deadlineMode === 'days'
          ? {
              receiptWorkingDays: v.receiptWorkingDays,
              ...(v.replyRequired ? { replyWorkingDays: v.replyWorkingDays } : {}),
            }
          : {}),
        ...(v.deadlineMode === 'fixed'
          ? {
              receiptDueAt: v.receiptDueAt?.format(),
              ...(v.replyRequired ? { replyDueAt: v.replyDueAt?.format() } : {}),
            }
          : {}),
      };
      return unwrap(api.POST('/circulars', { body, headers: { 'Idempotency-Key': crypto.randomUUID() } }));
    },
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['circulars'] });
      message.success('通报已提交，等待主管部门负责人审批');
      void navigate(`/app/circulars/${created.id}`);
    },
    onError: (e) => {
      const { allPlaced } = placeFieldErrors(form, e, formName);
      setFailure(allPlaced ? '请按提示修改标红的字段。' : messageOf(e));
    },
  });

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          起草通报
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">
        <Basis
          text={
            '依据 000 第三十五条，通报经主管部门负责人审批同意后编号印发，各主送单位签收；' +
            '要求回复的，签收后书面回复。'
          }
        />
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 820 }}
        initialValues={{
          kind: 'work',
          paragraphs: [''],
          mode: 'unitIds',
          replyRequired: false,
          deadlineMode: 'policy',
          receiptWorkingDays: 2,
          replyWorkingDays: 5,
          remindBeforeSeconds: 86_400,
        }}
        onFinish={(v) => {
          setFailure(undefined);
          submit.mutate(v);
        }}
      >
        <Form.Item name="kind" label="通报类别" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['work', 'commendation', 'criticism', 'situation'] as const).map((k) => ({
              value: k,
              label: KIND_NAMES[k],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, min: 2, max: 80, message: '标题须为 2–80 个字' }]}
        >
          <Input placeholder="例如：关于2026年第四季度网络安全检查情况的通报" maxLength={80} showCount />
        </Form.Item>
        <Form.List name="paragraphs">
          {(fields, { add, remove }) => (
            <Form.Item label="正文" required>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex', width: '100%' }}>
                  <Form.Item
                    name={field.name}
                    rules={[{ required: true, whitespace: true, message: '段落不能为空' }]}
                    style={{ flex: 1, width: 700 }}
                  >
                    <Input.TextArea
                      aria-label={`第 ${i + 1} 段`}
                      autoSize={{ minRows: 2, maxRows: 8 }}
                      maxLength={4000}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      aria-label={`删除第 ${i + 1} 段`}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= 50}>
                添加段落
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="mode" label="主送方式">
          <Radio.Group
            options={[
              { value: 'unitIds', label: '逐一选择单位' },
              { value: 'subtreeOf', label: '某单位及其下属全部机构' },
              { value: 'unitKind', label: '辖区内某类全部单位' },
            ]}
          />
        </Form.Item>
        {mode === 'unitIds' && (
          <Form.Item name="unitIds" label="主送单位" rules={[{ required: true, message: '请至少选择一个单位' }]}>
            <Select
              mode="multiple"
              loading={units.isPending}
              placeholder="选择医疗卫生机构"
              optionFilterProp="label"
              options={institutions.map((u) => ({ value: u.id, label: unitLabel(u, units.data ?? []) }))}
            />
          </Form.Item>
        )}
        {mode === 'subtreeOf' && (
          <Form.Item
            name="subtreeOf"
            label="主送范围"
            extra="该单位（及其下级）所属的全部医疗卫生机构"
            rules={[{ required: true, message: '请选择单位' }]}
          >
            <Select
              showSearch
              loading={units.isPending}
              optionFilterProp="label"
              options={(units.data ?? []).map((u) => ({ value: u.id, label: unitLabel(u, units.data ?? []) }))}
            />
          </Form.Item>
        )}
        {mode === 'unitKind' && (
          <Form.Item name="unitKind" label="单位类别" rules={[{ required: true, message: '请选择单位类别' }]}>
            <Select
              options={(['hospital', 'cdc', 'info_center', 'other'] as const).map((k) => ({
                value: k,
                label: `辖区内全部${UNIT_KIND_NAMES[k]}`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="attachmentIds"
          label="附件（可选）"
          extra="填写辖区内单位已上传的证据文件编号，回车确认；印发后主送单位可下载"
        >
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="证据文件编号" />
        </Form.Item>
        <Form.Item name="replyRequired" label="要求书面回复" valuePropName="checked">
          <Switch checkedChildren="要求" unCheckedChildren="不要求" />
        </Form.Item>
        <Form.Item name="deadlineMode" label="期限">
          <Radio.Group
            options={[
              { value: 'policy', label: '按期限策略（签收 2 个工作日，回复 5 个工作日，自批准起算）' },
              { value: 'days', label: '指定工作日数' },
              { value: 'fixed', label: '指定截止时间' },
            ]}
          />
        </Form.Item>
        {deadlineMode === 'days' && (
          <Space size="large" wrap>
            <Form.Item name="receiptWorkingDays" label="签收期限（工作日）" rules={[{ required: true }]}>
              <InputNumber min={1} max={30} />
            </Form.Item>
            {replyRequired && (
              <Form.Item name="replyWorkingDays" label="回复期限（工作日）" rules={[{ required: true }]}>
                <InputNumber min={1} max={60} />
              </Form.Item>
            )}
          </Space>
        )}
        {deadlineMode === 'fixed' && (
          <Space size="large" wrap>
            <Form.Item name="receiptDueAt" label="签收截止时间" rules={[{ required: true, message: '请选择时间' }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            {replyRequired && (
              <Form.Item name="replyDueAt" label="回复截止时间" rules={[{ required: true, message: '请选择时间' }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
            )}
          </Space>
        )}
        <Form.Item name="remindBeforeSeconds" label="自动提醒">
          <Select
            style={{ width: 240 }}
            options={[
              { value: 0, label: '不自动提醒' },
              { value: 3600 * 4, label: '截止前 4 小时' },
              { value: 86_400, label: '截止前 1 天' },
              { value: 2 * 86_400, label: '截止前 2 天' },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            提交审批
          </Button>
          <Button onClick={() => void navigate('/app/circulars')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
