// 待办: the tasks the person may act on, soonest due first (the API's order), overdue in red, with
// their reminders; filters kept in the address so Back returns to the same list. A table on a
// wide screen, cards on a phone.
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Grid,
  Pagination,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Due, formatInstant, useNow } from '../../components/Due.js';
import { messageOf } from '../../api/errors.js';
import { hasRole, useUser, type Me } from '../../auth/session.js';
import { OFFICIALS } from '../../areas/area.js';
import { contextOf, typeLabel, TYPE_OPTIONS, type Task } from './task-types.js';
import { useClaim, useRefreshTasks, useTasks, type TaskQuery } from './task-queries.js';

type Scope = NonNullable<TaskQuery['scope']>;
const PAGE_SIZE = 20;

const SCOPES: { value: Scope; label: string; roles?: Me['roles'] }[] = [
  { value: 'unit', label: '本单位待办' },
  { value: 'mine', label: '我认领的' },
  { value: 'completed', label: '本单位已办' },
  { value: 'jurisdiction', label: '辖区待办', roles: [...OFFICIALS, 'admin'] },
];

/** When the task reminds (or reminded) its assignee. */
export function Reminder({ task, none = null }: { task: Task; none?: ReactNode }) {
  const now = useNow();
  if (task.status !== 'open') return null;
  const next = task.remindAt.map((at) => Date.parse(at)).find((at) => at > now);
  if (task.lastRemindedAt)
    return <Typography.Text type="warning">已于 {formatInstant(task.lastRemindedAt)} 提醒</Typography.Text>;
  if (next)
    return <Typography.Text type="secondary">将于 {formatInstant(new Date(next).toISOString())} 提醒</Typography.Text>;
  return none;
}

function ClaimState({ task, me }: { task: Task; me: Me }) {
  if (task.status !== 'open') return <Tag>{task.status === 'completed' ? '已办结' : '已撤销'}</Tag>;
  if (task.claimedByUserId === me.id) return <Tag color="blue">我已认领</Tag>;
  if (task.claimedByUserId) return <Tag color="purple">同事已认领</Tag>;
  if (task.assigneeUserId === me.id) return <Tag color="blue">指定由我办理</Tag>;
  return <Tag>待认领</Tag>;
}

function Actions({ task, me }: { task: Task; me: Me }) {
  const claim = useClaim();
  const navigate = useNavigate();
  const busy = claim.isPending && claim.variables?.id === task.id;
  const open = task.status === 'open';
  const mine = task.claimedByUserId === me.id;
  return (
    <Space wrap size="small">
      <Button
        type={open ? 'primary' : 'default'}
        size="small"
        onClick={() => void navigate(`/app/inbox/tasks/${task.id}`)}
      >
        {open ? '办理' : '查看'}
      </Button>
      {open && !task.assigneeUserId && task.assigneeUnitId === me.unitId && (
        <Button
          size="small"
          loading={busy}
          onClick={() => claim.mutate({ id: task.id, release: mine })}
          aria-label={`${mine ? '释放' : '认领'}：${task.title}`}
        >
          {mine ? '释放' : '认领'}
        </Button>
      )}
    </Space>
  );
}

function ProcessLink({ task }: { task: Task }) {
  const ctx = contextOf(task);
  return ctx.link ? <Link to={ctx.link}>{ctx.process}</Link> : <span>{ctx.process}</span>;
}

export default function InboxPage() {
  const me = useUser();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [params, setParams] = useSearchParams();
  const scopes = SCOPES.filter((s) => !s.roles || hasRole(me, s.roles));
  const scope = (scopes.find((s) => s.value === params.get('scope'))?.value ?? 'unit') as Scope;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const type = params.get('type') ?? undefined;
  const overdue = params.get('overdue') as 'true' | 'false' | null;
  const dueBefore = params.get('dueBefore') ?? undefined;
  const query: TaskQuery = {
    scope,
    page,
    pageSize: PAGE_SIZE,
    ...(type ? { type } : {}),
    ...(overdue && scope !== 'completed' ? { overdue } : {}),
    ...(dueBefore ? { dueBefore: dayjs(dueBefore).endOf('day').toISOString() } : {}),
  };
  const tasks = useTasks(query);
  const refresh = useRefreshTasks();

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const columns: TableColumnsType<Task> = [
    {
      title: '任务',
      key: 'title',
      render: (_, t) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/inbox/tasks/${t.id}`}>{t.title}</Link>
          <Typography.Text type="secondary">{typeLabel(t.type)}</Typography.Text>
        </Space>
      ),
    },
    { title: '流程', key: 'process', width: 120, render: (_, t) => <ProcessLink task={t} /> },
    {
      title: '办理期限',
      key: 'due',
      width: 170,
      render: (_, t) => (
        <Space orientation="vertical" size={0}>
          <Due at={t.dueAt} done={t.status !== 'open'} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatInstant(t.dueAt)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '提醒', key: 'remind', width: 190, render: (_, t) => <Reminder task={t} /> },
    { title: '状态', key: 'state', width: 110, render: (_, t) => <ClaimState task={t} me={me} /> },
    { title: '操作', key: 'actions', width: 150, render: (_, t) => <Actions task={t} me={me} /> },
  ];

  const data = tasks.data;
  const empty = <Empty description={type || overdue || dueBefore ? '没有符合筛选条件的任务' : '暂无待办任务'} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          待办
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void refresh()} loading={tasks.isFetching}>
          刷新
        </Button>
      </Flex>
      <Segmented
        aria-label="任务范围"
        value={scope}
        options={scopes.map((s) => ({ value: s.value, label: s.label }))}
        onChange={(v) => set({ scope: v === 'unit' ? undefined : v })}
        block={narrow}
        style={narrow ? { overflowX: 'auto' } : undefined}
      />
      <Flex wrap gap={8} role="search" aria-label="筛选">
        <Select
          aria-label="流程与任务类型"
          placeholder="流程与任务类型"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: narrow ? '100%' : 260 }}
          value={type}
          options={TYPE_OPTIONS}
          onChange={(v?: string) => set({ type: v })}
        />
        {scope !== 'completed' && (
          <Select
            aria-label="状态"
            placeholder="状态"
            allowClear
            style={{ width: narrow ? 'calc(50% - 4px)' : 140 }}
            value={overdue ?? undefined}
            options={[
              { value: 'true', label: '已逾期' },
              { value: 'false', label: '未逾期' },
            ]}
            onChange={(v?: string) => set({ overdue: v })}
          />
        )}
        <DueBeforeField
          value={dueBefore}
          width={narrow ? 'calc(50% - 4px)' : 180}
          onChange={(day) => set({ dueBefore: day })}
        />
      </Flex>
      {/* Plain text rather than antd's Alert: one chunk less on the inbox's first load (bench:console). */}
      {tasks.isError && (
        <Typography.Text type="danger" role="alert">
          {messageOf(tasks.error)}
        </Typography.Text>
      )}
      {data && (
        <Typography.Text type="secondary" data-testid="task-total">
          共 {data.total} 项，按截止时间先后排列
        </Typography.Text>
      )}
      {narrow ? (
        <>
          {/* Cards on a phone: one per task, in the table's order. */}
          {(data?.items ?? []).length === 0
            ? empty
            : (data?.items ?? []).map((t) => (
                <Card key={t.id} size="small" style={{ marginBottom: 12 }} data-testid="task-card">
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Link to={`/app/inbox/tasks/${t.id}`} style={{ fontWeight: 600 }}>
                      {t.title}
                    </Link>
                    <Space wrap size={4}>
                      <Typography.Text type="secondary">{typeLabel(t.type)}</Typography.Text>
                      <ProcessLink task={t} />
                    </Space>
                    <Space wrap size={4}>
                      <Due at={t.dueAt} done={t.status !== 'open'} />
                      <ClaimState task={t} me={me} />
                    </Space>
                    <Reminder task={t} />
                    <Actions task={t} me={me} />
                  </Space>
                </Card>
              ))}
          {data && data.total > PAGE_SIZE && (
            <Pagination
              simple
              current={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onChange={(p) => set({ page: String(p) })}
            />
          )}
        </>
      ) : (
        <Table<Task>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={tasks.isLoading}
          locale={{ emptyText: empty }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 项`,
            onChange: (p) => set({ page: String(p) }),
          }}
        />
      )}
    </Space>
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "Due before" as a typed date (年-月-日): no date-picker bundle on the inbox's first load (README, The
 * console: bench:console), and unlike the browser's own date field it reads in Chinese in every
 * browser. The filter follows once the text is a whole date (or empty).
 */
function DueBeforeField(props: { value?: string; width: number | string; onChange: (day?: string) => void }) {
  const [text, setText] = useState(props.value ?? '');
  const whole = text === '' || (DAY.test(text) && !Number.isNaN(Date.parse(text)));
  return (
    <Input
      aria-label="截止日期不晚于（年-月-日）"
      placeholder="截止不晚于，如 2026-12-31"
      inputMode="numeric"
      maxLength={10}
      allowClear
      status={whole ? undefined : 'warning'}
      style={{ width: props.width }}
      value={text}
      onChange={(e) => {
        const next = e.target.value.trim();
        setText(next);
        if (next === '' || (DAY.test(next) && !Number.isNaN(Date.parse(next)))) props.onChange(next || undefined);
      }}
    />
  );
}
