// Starting a handover (000 第十九条, 001 第十二条): the supervising official names the handing unit,
// the receiving unit (its superior, or a unit of the jurisdiction), the reason and the due date;
// a unit's leader starts its own. The transfer-list draft is pre-filled from the unit's register.
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { hasRole, useUser } from '../../auth/session.js';
import { REASON_LABELS } from './labels.js';
import { useUnits } from './queries.js';
import { onlyFields, showRefusal } from '../../forms/field-errors.js';
import { Basis } from '../../components/Basis.js';

type Start = components['schemas']['StartHandover'];
interface Values {
  handingUnitId: number;
  receivingUnitId: number;
  reason: Start['reason'];
  reasonDetail?: string;
  dueAt?: Dayjs;
  remindDays: number;
}

const FIELDS = ['handingUnitId', 'receivingUnitId', 'reason', 'reasonDetail', 'dueAt'];

export default function HandoverStart() {
  const me = useUser();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const units = useUnits();
  const official = hasRole(me, ['official']);
  const start = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/handovers', {
          body: {
            handingUnitId: v.handingUnitId,
            receivingUnitId: v.receivingUnitId,
            reason: v.reason,
            reasonDetail: v.reasonDetail?.trim() || undefined,
            dueAt: v.dueAt?.endOf('day').toISOString(),
            remindBeforeSeconds: v.remindDays * 86_400,
          },
        }),
      ),
    onSuccess: async (h) => {
      await client.invalidateQueries({ queryKey: ['handovers'] });
      message.success('已发起移交，移交单位将收到编制移交清单的待办。');
      void navigate(`/app/handovers/${h.id}`);
    },
    onError: (e) => {
      showRefusal(e, form, message, onlyFields(FIELDS));
    },
  });
  if (!hasRole(me, ['official', 'unit_leader']))
    return <Typography.Text>仅主管部门工作人员或移交单位负责人可以发起移交。</Typography.Text>;
  const unitOptions = units.data?.items.map((u) => ({ value: u.id, label: u.name })) ?? [];
  const handingOptions = official ? unitOptions.filter((u) => u.value !== me.unitId) : unitOptions;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          发起移交
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">
        <Basis
          text={
            '机构变更时，须将管理的全部健康信息完整、安全地移交上级单位或承接职能的单位（000 第十九条；001 第十二条）；' +
            '移交清单由双方负责人签字（003 第十四条、第三十一条）。发起后，移交清单草稿按移交单位的数据资源目录预先填好。'
          }
        />
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={{ remindDays: 1, handingUnitId: official ? undefined : me.unitId }}
        onFinish={(v) => start.mutate(v)}
      >
        <Form.Item name="handingUnitId" label="移交单位" rules={[{ required: true, message: '请选择移交单位' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={handingOptions}
            loading={units.isPending}
            disabled={!official}
            placeholder="选择发生变更的单位"
          />
        </Form.Item>
        <Form.Item
          name="receivingUnitId"
          label="接收单位"
          extra={<Basis text="移交单位的上级单位，或本辖区内承接其职能的单位（001 第十二条）" />}
          rules={[{ required: true, message: '请选择接收单位' }]}
        >
          {official ? (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={unitOptions}
              loading={units.isPending}
              placeholder="选择接收单位"
            />
          ) : (
            <InputNumber min={1} style={{ width: '100%' }} placeholder="接收单位编号（由主管部门告知）" />
          )}
        </Form.Item>
        <Form.Item name="reason" label="移交原因" rules={[{ required: true, message: '请选择移交原因' }]}>
          <Select options={Object.entries(REASON_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="reasonDetail" label="情况说明">
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：依据某某文件，两单位合并" />
        </Form.Item>
        <Form.Item name="dueAt" label="完成期限" extra="不填则按期限策略 handover.complete（默认 30 日）">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(new Date(), 'day')} />
        </Form.Item>
        <Form.Item name="remindDays" label="到期前提醒（天）" rules={[{ required: true, message: '请填写提醒天数' }]}>
          <InputNumber min={0} max={30} style={{ width: '100%' }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={start.isPending}>
            发起移交
          </Button>
          <Link to="/app/handovers">
            <Button>返回列表</Button>
          </Link>
        </Space>
      </Form>
    </Card>
  );
}
