// Real-name users of the admin's jurisdiction (000 第二十九条): create, change name, unit and
// roles, disable or enable, unlock after failed sign-ins, reset the password. The API keeps the
// ID-card number only as a keyed hash and its last four characters; only those four are shown.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import type { components } from '../../api/schema.js';
import { ROLE_NAMES, useUser, type Role } from '../../auth/session.js';
import { unitTree, useAllUnits } from '../../components/admin-unit-tree.js';
import { formatInstant } from '../../components/Due.js';
import { showRefusal } from '../../forms/field-errors.js';

type User = components['schemas']['User'];
type CreateUser = components['schemas']['CreateUser'];
type UpdateUser = components['schemas']['UpdateUser'];

const roleOptions = (Object.entries(ROLE_NAMES) as [Role, string][]).map(([value, label]) => ({ value, label }));
const USERS_KEY = ['users'] as const;
/** Options are found by what people read (the Chinese name), not by the code. */
const BY_LABEL = { optionFilterProp: 'label' };

/** The ID-card number as this page may show it: its last four characters, the rest masked. */
export const maskedIdNumber = (last4: string | null | undefined) => (last4 ? `************** ${last4}` : '未登记');

const locked = (u: User) => Boolean(u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs()));

function useChangeUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateUser }) =>
      unwrap(api.PATCH('/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export default function UsersPage() {
  const me = useUser();
  const { message } = App.useApp();
  const units = useAllUnits();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [filter, setFilter] = useState<{ unitId?: number; role?: Role }>({});
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit' | 'password'; user: User }>();
  const users = useQuery({
    queryKey: [...USERS_KEY, page, filter],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { ...page, ...filter } } })),
    placeholderData: keepPreviousData,
  });
  const change = useChangeUser();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const tree = unitTree(units.data ?? []);
  const act = (user: User, body: UpdateUser, done: string) =>
    change.mutate(
      { id: user.id, body },
      {
        onSuccess: () => void message.success(`${user.realName}：${done}`),
        onError: (e) => void message.error(messageOf(e)),
      },
    );

  return (
    <div>
      <Space wrap style={{ marginBottom: 16 }}>
        <TreeSelect
          aria-label="按单位筛选"
          placeholder="全部单位"
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeDefaultExpandAll
          treeData={tree}
          style={{ width: 280 }}
          value={filter.unitId}
          onChange={(unitId?: number) => {
            setFilter((f) => ({ ...f, unitId }));
            setPage((p) => ({ ...p, page: 1 }));
          }}
        />
        <Select
          aria-label="按角色筛选"
          showSearch={BY_LABEL}
          placeholder="全部角色"
          allowClear
          options={roleOptions}
          style={{ width: 200 }}
          value={filter.role}
          onChange={(role?: Role) => {
            setFilter((f) => ({ ...f, role }));
            setPage((p) => ({ ...p, page: 1 }));
          }}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
          新建用户
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isFetching}
        dataSource={users.data?.items}
        locale={{ emptyText: <Empty description="没有符合条件的用户" /> }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 人`,
          onChange: (p, pageSize) => setPage({ page: p, pageSize }),
        }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'realName' },
          { title: '单位', dataIndex: 'unitId', render: (id: number) => unitName.get(id) ?? `单位 ${id}` },
          {
            title: '角色',
            dataIndex: 'roles',
            render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{ROLE_NAMES[r]}</Tag>),
          },
          {
            title: '身份证号',
            dataIndex: 'idNumberLast4',
            render: (last4: string | null | undefined) => (
              <span data-testid="id-number" aria-label={last4 ? `身份证号后四位 ${last4}` : '身份证号未登记'}>
                {maskedIdNumber(last4)}
              </span>
            ),
          },
          {
            title: '状态',
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.status === 'active' ? <Tag color="green">启用</Tag> : <Tag color="default">已停用</Tag>}
                {locked(u) && <Tag color="red">锁定至 {formatInstant(u.lockedUntil!)}</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 210,
            render: (_, u) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>
                  修改
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user: u })}>
                  重置密码
                </Button>
                {locked(u) && (
                  <Button type="link" size="small" onClick={() => act(u, { unlock: true }, '已解锁')}>
                    解锁
                  </Button>
                )}
                {u.status === 'active' ? (
                  <Popconfirm
                    title={`停用 ${u.realName}？`}
                    description="停用后该用户的所有会话立即失效。"
                    okText="停用"
                    cancelText="取消"
                    disabled={u.id === me.id}
                    onConfirm={() => act(u, { status: 'disabled' }, '已停用')}
                  >
                    <Button type="link" size="small" danger disabled={u.id === me.id}>
                      停用
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => act(u, { status: 'active' }, '已启用')}>
                    启用
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'create' && <CreateUserDialog onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'edit' && <EditUserDialog user={dialog.user} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'password' && <PasswordDialog user={dialog.user} onClose={() => setDialog(undefined)} />}
    </div>
  );
}

function UnitPicker(props: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const units = useAllUnits();
  return (
    <TreeSelect
      {...props}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder="选择单位"
      loading={units.isPending}
      treeData={unitTree(units.data ?? [])}
    />
  );
}

const PASSWORD_RULE = '至少 12 个字符，不得使用常见密码或用户名、姓名、单位名称';

function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateUser>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: CreateUser) => unwrap(api.POST('/users', { body })),
    onSuccess: async (user) => {
      void message.success(`已创建用户 ${user.realName}（${user.username}）`);
      await client.invalidateQueries({ queryKey: USERS_KEY });
      onClose();
    },
    onError: (e) => showRefusal(e, form, message),
  });
  return (
    <Modal
      open
      title="新建用户"
      okText="创建"
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="create-user"
        onFinish={(values) => create.mutate({ ...values, idNumber: values.idNumber || undefined })}
      >
        <Form.Item
          name="username"
          label="用户名"
          extra="3 至 40 个小写字母、数字、点、连字符或下划线"
          rules={[{ required: true, message: '请填写用户名' }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="realName" label="真实姓名" rules={[{ required: true, message: '请填写真实姓名' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
          <UnitPicker />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请至少选择一个角色' }]}>
          <Select mode="multiple" showSearch={BY_LABEL} options={roleOptions} placeholder="选择角色" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="居民身份证号码"
          extra="保存后只保留号码的密钥散列和后四位，页面上只显示后四位"
          rules={[{ pattern: /^\d{17}[\dXx]$/, message: '须为 18 位居民身份证号码' }]}
        >
          <Input autoComplete="off" maxLength={18} />
        </Form.Item>
        <Form.Item
          name="password"
          label="初始密码"
          extra={PASSWORD_RULE}
          rules={[{ required: true, message: '请设置初始密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditUserDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<{ realName: string; unitId: number; roles: Role[] }>();
  const { message } = App.useApp();
  const change = useChangeUser();
  return (
    <Modal
      open
      title={`修改用户 ${user.username}`}
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={change.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="edit-user"
        initialValues={{ realName: user.realName, unitId: user.unitId, roles: user.roles }}
        onFinish={(values) =>
          change.mutate(
            { id: user.id, body: values },
            {
              onSuccess: () => {
                void message.success('已保存');
                onClose();
              },
              onError: (e) => showRefusal(e, form, message),
            },
          )
        }
      >
        <Form.Item name="realName" label="真实姓名" rules={[{ required: true, message: '请填写真实姓名' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
          <UnitPicker />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请至少选择一个角色' }]}>
          <Select mode="multiple" showSearch={BY_LABEL} options={roleOptions} />
        </Form.Item>
        <Form.Item label="居民身份证号码">
          <span>{maskedIdNumber(user.idNumberLast4)}</span>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const { message } = App.useApp();
  const change = useChangeUser();
  return (
    <Modal
      open
      title={`重置 ${user.realName} 的密码`}
      okText="重置"
      onOk={() => form.submit()}
      confirmLoading={change.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="reset-password"
        onFinish={({ password }) =>
          change.mutate(
            { id: user.id, body: { password } },
            {
              onSuccess: () => {
                void message.success('密码已重置，该用户的所有会话已失效');
                onClose();
              },
              onError: (e) => showRefusal(e, form, message),
            },
          )
        }
      >
        <Form.Item
          name="password"
          label="新密码"
          extra={PASSWORD_RULE}
          rules={[{ required: true, message: '请填写新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
