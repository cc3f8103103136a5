// 登记恢复演练 (000 第十五条; 001 第九条): when, what was restored, how long it took and the result; a
// drill that did not restore everything needs a follow-up date. Evidence files are attached after.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { FileUpload, PageFrame } from '../incidents/common.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { DAY, RESTORE_RESULT_NAMES, type RestoreResult } from './labels.js';

interface Values {
  drilledOn: Dayjs;
  restored: string;
  durationMinutes: number;
  result: RestoreResult;
  evidence: string;
  followUpOn?: Dayjs;
}

export default function RestoreDrillNew() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<components['schemas']['RestoreDrill'] | null>(null);
  const result = Form.useWatch('result', form);
  const record = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/restore-drills', {
          body: {
            drilledOn: v.drilledOn.format(DAY),
            restored: v.restored,
            durationMinutes: v.durationMinutes,
            result: v.result,
            evidence: v.evidence,
            ...(v.followUpOn ? { followUpOn: v.followUpOn.format(DAY) } : {}),
          },
        }),
      ),
    onSuccess: async (drill) => {
      setSaved(drill);
      await client.invalidateQueries({ queryKey: ['restore-drills'] });
      void message.success('恢复演练已登记，可上传佐证材料');
    },
    onError: (e) => {
      placeFieldErrors(form, e);
      setError(messageOf(e));
    },
  });
  return (
    <PageFrame title="登记恢复演练">
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 760 }}
          disabled={saved !== null}
          onValuesChange={() => setError(null)}
          onFinish={(v) => record.mutate(v)}
        >
          <Space wrap style={{ display: 'flex' }}>
            <Form.Item name="drilledOn" label="演练日期" rules={[{ required: true, message: '请选择演练日期' }]}>
              <DatePicker format={DAY} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item
              name="durationMinutes"
              label="恢复用时（分钟）"
              rules={[{ required: true, message: '请填写恢复用时' }]}
            >
              <InputNumber min={0} precision={0} />
            </Form.Item>
            {(result === 'partial' || result === 'failed') && (
              <Form.Item name="followUpOn" label="整改跟进日期" rules={[{ required: true, message: '请选择跟进日期' }]}>
                <DatePicker format={DAY} />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="restored" label="恢复内容" rules={[{ required: true, message: '请填写恢复了什么' }]}>
            <Input maxLength={500} placeholder="例如：HIS 数据库全量备份恢复至测试环境" />
          </Form.Item>
          <Form.Item name="result" label="结果" rules={[{ required: true, message: '请选择结果' }]}>
            <Radio.Group options={Object.entries(RESTORE_RESULT_NAMES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item
            name="evidence"
            label="验证情况"
            rules={[{ required: true, message: '请填写如何验证恢复完整准确' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
          {!saved && (
            <Space>
              <Button type="primary" htmlType="submit" loading={record.isPending}>
                登记
              </Button>
              <Button onClick={() => void navigate('/app/continuity?tab=restore')}>取消</Button>
            </Space>
          )}
        </Form>
        {saved && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
            <FileUpload
              path={`/restore-drills/${saved.id}/evidence`}
              accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt"
              label="上传佐证材料"
              onStored={() => undefined}
            />
            <Button type="primary" onClick={() => void navigate('/app/continuity?tab=restore')}>
              完成
            </Button>
          </Space>
        )}
      </Card>
    </PageFrame>
  );
}
