// 登记备份 (000 第十四条): what is backed up, how often, and where the off-site copy is kept (domestic
// only, 000 第十八条).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { PageFrame } from '../incidents/common.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { DAY, FREQUENCY_NAMES, type Frequency } from './labels.js';

interface Values {
  scope: string;
  frequency: Frequency;
  offSiteRegion?: string;
  lastPerformedOn?: Dayjs;
  remark?: string;
}

export default function BackupNew() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const record = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/backups', {
          body: {
            scope: v.scope,
            frequency: v.frequency,
            ...(v.offSiteRegion ? { offSiteLocation: { country: 'CN', region: v.offSiteRegion } } : {}),
            ...(v.lastPerformedOn ? { lastPerformedOn: v.lastPerformedOn.format(DAY) } : {}),
            ...(v.remark ? { remark: v.remark } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['backups'] });
      void message.success('备份已登记');
      void navigate('/app/continuity?tab=backups');
    },
    onError: (e) => {
      placeFieldErrors(form, e, (p) => (p[0] === 'offSiteLocation' ? ['offSiteRegion'] : p));
      setError(messageOf(e));
    },
  });
  return (
    <PageFrame title="登记备份">
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 760 }}
          onValuesChange={() => setError(null)}
          onFinish={(v) => record.mutate(v)}
        >
          <Form.Item name="scope" label="备份范围" rules={[{ required: true, message: '请填写备份范围' }]}>
            <Input maxLength={500} placeholder="例如：HIS、LIS 数据库" />
          </Form.Item>
          <Form.Item name="frequency" label="备份频率" rules={[{ required: true, message: '请选择备份频率' }]}>
            <Select
              style={{ width: 200 }}
              options={Object.entries(FREQUENCY_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="offSiteRegion" label="异地备份所在地区（境内；无异地备份则留空）">
            <Input maxLength={100} placeholder="例如：河南省洛阳市" />
          </Form.Item>
          <Form.Item name="lastPerformedOn" label="最近一次备份日期">
            <DatePicker format={DAY} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="remark" label="备注">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={record.isPending}>
              登记
            </Button>
            <Button onClick={() => void navigate('/app/continuity?tab=backups')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </PageFrame>
  );
}
