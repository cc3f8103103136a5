// Units of the admin's jurisdiction as a tree: select one to see it, rename it or change its
// document prefix, or create a unit under it. The API does not move a unit under another parent
// (a unit's place fixes whose jurisdiction its records fall in), so no move is offered.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Select, Space, Spin, Tree } from 'antd';
import { PlusOutlined, EditOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { UNIT_KIND_NAMES, UNITS_KEY, unitTree, useAllUnits, type Unit } from '../../components/admin-unit-tree.js';
import { showRefusal } from '../../forms/field-errors.js';

type CreateUnit = components['schemas']['CreateUnit'];
type UpdateUnit = components['schemas']['UpdateUnit'];

const kindOptions = Object.entries(UNIT_KIND_NAMES).map(([value, label]) => ({ value, label }));

export default function UnitsPage() {
  const units = useAllUnits();
  const [selectedId, setSelectedId] = useState<number>();
  const [dialog, setDialog] = useState<'create' | 'edit'>();
  const list = units.data ?? [];
  const byId = new Map(list.map((u) => [u.id, u]));
  const selected = selectedId === undefined ? undefined : byId.get(selectedId);
  if (units.isPending)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  const tree = unitTree(list);
  return (
    <Row gutter={16}>
      <Col xs={24} md={10}>
        <Card title={`单位（${list.length}）`} size="small">
          {tree.length === 0 ? (
            <Empty description="您的管辖范围内没有单位" />
          ) : (
            <Tree
              aria-label="单位树"
              treeData={tree}
              defaultExpandAll
              selectedKeys={selectedId === undefined ? [] : [selectedId]}
              onSelect={(keys) => setSelectedId(keys[0] === undefined ? undefined : Number(keys[0]))}
              titleRender={(node) => (
                <span data-testid={`unit-${node.key}`}>
                  {node.title}
                  <span style={{ color: '#888', marginInlineStart: 6 }}>
                    {UNIT_KIND_NAMES[byId.get(Number(node.key))!.kind]}
                  </span>
                </span>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14}>
        <Card
          title={selected ? selected.name : '单位详情'}
          size="small"
          extra={
            selected && (
              <Space>
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                  修改
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                  新建下级单位
                </Button>
              </Space>
            )
          }
        >
          {selected ? (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="单位名称">{selected.name}</Descriptions.Item>
              <Descriptions.Item label="统一社会信用代码">{selected.orgCode}</Descriptions.Item>
              <Descriptions.Item label="类型">{UNIT_KIND_NAMES[selected.kind]}</Descriptions.Item>
              <Descriptions.Item label="上级单位">
                {selected.parentId === null ? '无（最上级）' : (byId.get(selected.parentId)?.name ?? '管辖范围外')}
              </Descriptions.Item>
              <Descriptions.Item label="发文字号前缀">{selected.docPrefix ?? '未设置'}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Empty description="在左侧选择一个单位，查看、修改或在其下新建单位" />
          )}
        </Card>
      </Col>
      {selected && dialog === 'create' && <CreateUnitDialog parent={selected} onClose={() => setDialog(undefined)} />}
      {selected && dialog === 'edit' && <EditUnitDialog unit={selected} onClose={() => setDialog(undefined)} />}
    </Row>
  );
}

function CreateUnitDialog({ parent, onClose }: { parent: Unit; onClose: () => void }) {
  const [form] = Form.useForm<Omit<CreateUnit, 'parentId'>>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: CreateUnit) => unwrap(api.POST('/units', { body })),
    onSuccess: async (unit) => {
      void message.success(`已创建单位“${unit.name}”`);
      await client.invalidateQueries({ queryKey: UNITS_KEY });
      onClose();
    },
    onError: (e) => showRefusal(e, form, message),
  });
  return (
    <Modal
      open
      title={`在“${parent.name}”下新建单位`}
      okText="创建"
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'hospital' }}
        onFinish={(values) =>
          create.mutate({ ...values, parentId: parent.id, docPrefix: values.docPrefix || undefined })
        }
      >
        <Form.Item
          name="name"
          label="单位名称"
          rules={[{ required: true, min: 2, max: 100, message: '请填写 2 至 100 字的单位名称' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="orgCode"
          label="统一社会信用代码"
          extra="18 位统一社会信用代码，或 9 位组织机构代码"
          rules={[{ required: true, message: '请填写统一社会信用代码' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={kindOptions} />
        </Form.Item>
        <Form.Item name="docPrefix" label="发文字号前缀" extra="可不填，如“豫卫”">
          <Input maxLength={10} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditUnitDialog({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string; docPrefix: string }>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (body: UpdateUnit) => unwrap(api.PATCH('/units/{id}', { params: { path: { id: unit.id } }, body })),
    onSuccess: async () => {
      void message.success('已保存');
      await client.invalidateQueries({ queryKey: UNITS_KEY });
      onClose();
    },
    onError: (e) => showRefusal(e, form, message),
  });
  return (
    <Modal
      open
      title={`修改“${unit.name}”`}
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={update.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: unit.name, docPrefix: unit.docPrefix ?? '' }}
        onFinish={(values) => update.mutate({ name: values.name, docPrefix: values.docPrefix || null })}
      >
        <Form.Item
          name="name"
          label="单位名称"
          rules={[{ required: true, min: 2, max: 100, message: '请填写 2 至 100 字的单位名称' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="docPrefix" label="发文字号前缀" extra="留空表示不设置">
          <Input maxLength={10} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
