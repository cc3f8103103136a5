// Registering a holding, or correcting one (its kind stays as registered). The API's field errors
// (a location abroad, 000 第十八条; a medium without its number, 第三十条 …) show on the fields.
import { useEffect } from 'react';
import { Alert, App, Button, Card, Form, Skeleton, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { showRefusal } from '../../forms/field-errors.js';
import { HoldingFields, cleanHolding } from './HoldingFields.js';

type Values = components['schemas']['CreateDataHolding'];

export default function HoldingEdit() {
  const { id } = useParams();
  const editing = id !== undefined;
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const existing = useQuery({
    queryKey: ['data-holdings', Number(id)],
    enabled: editing,
    queryFn: () => unwrap(api.GET('/data-holdings/{id}', { params: { path: { id: Number(id) } } })),
  });
  useEffect(() => {
    const h = existing.data;
    if (h)
      form.setFieldsValue({
        kind: h.kind,
        description: h.description,
        recordCount: h.recordCount,
        volume: h.volume,
        format: h.format,
        sha256: h.sha256,
        storageLocation: h.storageLocation,
        encryption: h.encryption,
        serialNumber: h.serialNumber ?? undefined,
        protectionLevel: h.protectionLevel ?? undefined,
        filingNumber: h.filingNumber ?? undefined,
      });
  }, [existing.data, form]);
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = cleanHolding(v);
      if (!editing) return unwrap(api.POST('/data-holdings', { body }));
      const { kind: _kind, unitId: _unit, ...changes } = body;
      return unwrap(api.PATCH('/data-holdings/{id}', { params: { path: { id: Number(id) } }, body: changes }));
    },
    onSuccess: async (h) => {
      message.success(editing ? '已保存修改' : '已登记');
      await client.invalidateQueries({ queryKey: ['data-holdings'] });
      void navigate(`/app/holdings/${h.id}`);
    },
    onError: (e) => {
      showRefusal(e, form, message, (p) => p);
    },
  });
  if (editing && existing.isPending) return <Skeleton active />;
  if (existing.isError) return <Alert type="error" title={messageOf(existing.error)} />;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {editing ? '修改数据资源登记' : '登记数据资源'}
        </Typography.Title>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 900 }}
        initialValues={{ kind: 'dataset', recordCount: 0, storageLocation: { country: 'CN', region: '' } }}
        onFinish={(v) => save.mutate(v)}
      >
        <HoldingFields kindFixed={editing} />
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {editing ? '保存' : '登记'}
          </Button>
          <Link to={editing ? `/app/holdings/${id}` : '/app/holdings'}>
            <Button>取消</Button>
          </Link>
        </Space>
      </Form>
    </Card>
  );
}
