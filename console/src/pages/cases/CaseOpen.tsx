// 立案 by hand (000 第三十五条: the superior authority pursues): an official names the unit, the facts,
// the unit's evidence files if any and the responsible person if known. The case then goes to
// 调查核实 (the supervising commission's officials), 陈述申辩 (the unit) and 决定 (the leader).
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import { unitLabel, useUnits } from '../circulars/units.js';
import { Basis } from '../../components/Basis.js';

interface Values {
  unitId: number;
  facts: string[];
  evidenceIds?: string[];
  name?: string;
  position?: string;
}

export default function CaseOpen() {
  const me = useUser();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const units = useUnits();
  const [failure, setFailure] = useState<string>();
  const open = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/accountability-cases', {
          headers: { 'Idempotency-Key': crypto.randomUUID() },
          body: {
            unitId: v.unitId,
            facts: v.facts.map((f) => f.trim()),
            ...(v.evidenceIds?.length ? { evidenceIds: v.evidenceIds } : {}),
            ...(v.name?.trim()
              ? {
                  responsiblePerson: {
                    name: v.name.trim(),
                    ...(v.position?.trim() ? { position: v.position.trim() } : {}),
                  },
                }
              : {}),
          },
        }),
      ),
    onSuccess: async (c) => {
      await client.invalidateQueries({ queryKey: ['cases'] });
      message.success(`已立案：${c.caseNumber}`);
      void navigate(`/app/cases/${c.id}`);
    },
    onError: (e) => {
      const { allPlaced } = placeFieldErrors(form, e, (p) =>
        p[0] === 'facts' && typeof p[1] === 'number'
          ? ['facts', p[1]]
          : p[0] === 'responsiblePerson'
            ? [p[1] ?? 'name']
            : [p[0]!],
      );
      setFailure(allPlaced ? '请按提示修改标红的字段。' : messageOf(e));
    },
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          责任追究立案
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">
        <Basis text="依据 000 第三十五条，由上级主管部门对辖区内违反规定的单位立案追究责任；立案后进入调查核实。" />
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        initialValues={{ facts: [''] }}
        onFinish={(v) => {
          setFailure(undefined);
          open.mutate(v);
        }}
      >
        <Form.Item name="unitId" label="被追究单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={units.isPending}
            options={(units.data ?? [])
              .filter((u) => u.id !== me.unitId)
              .map((u) => ({ value: u.id, label: unitLabel(u, units.data ?? []) }))}
          />
        </Form.Item>
        <Form.List name="facts">
          {(fields, { add, remove }) => (
            <Form.Item label="违规事实（每条一段）" required>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item
                    name={field.name}
                    rules={[{ required: true, whitespace: true, message: '请填写违规事实' }]}
                    style={{ width: 640 }}
                  >
                    <Input.TextArea aria-label={`违规事实 ${i + 1}`} autoSize={{ minRows: 2 }} maxLength={2000} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      aria-label={`删除第 ${i + 1} 条`}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(i)}
                    />
                  )}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= 20}>
                添加一条
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="evidenceIds" label="证据（可选）" extra="该单位已上传的证据文件编号，回车确认">
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="证据文件编号" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="name" label="责任人姓名（已知时填写）">
            <Input maxLength={50} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="position" label="责任人职务">
            <Input maxLength={100} style={{ width: 240 }} />
          </Form.Item>
        </Space>
        <div>
          <Space>
            <Button type="primary" htmlType="submit" loading={open.isPending}>
              立案
            </Button>
            <Button onClick={() => void navigate('/app/cases')}>取消</Button>
          </Space>
        </div>
      </Form>
    </Card>
  );
}
