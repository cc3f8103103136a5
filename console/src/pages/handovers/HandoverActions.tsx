// What the supervising official does to an open handover: move its due date or cancel it, each
// with a reason (README, "A handover (移交)"); and confirm it for archiving once both have signed.
import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import { handoverKey, hasEnded, type OpenTask } from './queries.js';
import type { Handover } from './labels.js';
import { onlyFields, showRefusal } from '../../forms/field-errors.js';

type Action = 'extend' | 'cancel' | 'confirm';

export function HandoverActions({
  handover,
  supervising,
  confirmation,
}: {
  handover: Handover;
  supervising: boolean;
  confirmation?: OpenTask;
}) {
  const [open, setOpen] = useState<Action | null>(null);
  const [form] = Form.useForm<{ dueAt?: Dayjs; reason?: string; remark?: string }>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const act = useMutation({
    mutationFn: async (v: { dueAt?: Dayjs; reason?: string; remark?: string }) => {
      const path = { id: handover.id };
      if (open === 'extend')
        return unwrap(
          api.POST('/handovers/{id}/extend', {
            params: { path },
            body: { dueAt: v.dueAt!.endOf('day').toISOString(), reason: v.reason ?? '' },
          }),
        );
      if (open === 'cancel')
        return unwrap(api.POST('/handovers/{id}/cancel', { params: { path }, body: { reason: v.reason ?? '' } }));
      return unwrap(
        api.POST('/tasks/{id}/complete', {
          params: { path: { id: confirmation!.id } },
          body: { input: v.remark?.trim() ? { remark: v.remark.trim() } : {} },
        }),
      );
    },
    onSuccess: async () => {
      message.success({ extend: '已延长期限', cancel: '已取消移交', confirm: '已确认，正在归档并出具移交清单' }[open!]);
      setOpen(null);
      await client.invalidateQueries({ queryKey: handoverKey(handover.id) });
      await client.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (e) => {
      showRefusal(e, form, message, onlyFields(['dueAt', 'reason', 'remark']));
    },
  });
  const closed = hasEnded(handover);
  const titles: Record<Action, string> = { extend: '延长期限', cancel: '取消移交', confirm: '确认移交并归档' };
  return (
    <>
      <Space wrap>
        {confirmation && (
          <Button type="primary" onClick={() => setOpen('confirm')}>
            确认并归档
          </Button>
        )}
        {supervising && !closed && <Button onClick={() => setOpen('extend')}>延长期限</Button>}
        {supervising && !closed && handover.currentStep !== 'archiving' && (
          <Button danger onClick={() => setOpen('cancel')}>
            取消移交
          </Button>
        )}
      </Space>
      <Modal
        open={open !== null}
        title={open ? titles[open] : ''}
        okText={{ extend: '确认延期', cancel: '确认取消移交', confirm: '确认归档' }[open ?? 'extend']}
        cancelText="返回"
        okButtonProps={{ danger: open === 'cancel', loading: act.isPending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => act.mutate(v)} preserve={false}>
          {open === 'extend' && (
            <Form.Item
              name="dueAt"
              label="新的期限"
              rules={[{ required: true, message: '请选择新的期限' }]}
              initialValue={dayjs(handover.dueAt).add(14, 'day')}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(new Date(), 'day')} />
            </Form.Item>
          )}
          {(open === 'extend' || open === 'cancel') && (
            <Form.Item
              name="reason"
              label={open === 'extend' ? '延期理由' : '取消理由'}
              rules={[{ required: true, min: 2, message: '请填写理由（至少 2 个字）' }]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          )}
          {open === 'confirm' && (
            <>
              <p>
                双方负责人已签署移交清单。确认后将出具编号的移交清单文书，并将数据资源登记转至接收单位；确认后不能再取消。
              </p>
              <Form.Item name="remark" label="确认意见（可选）">
                <Input.TextArea rows={2} maxLength={500} placeholder="如：同意归档" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
