// The frame of every signed-in page: the menu (only the areas the user's roles may use), the
// header with the user's real name, unit and roles, the inbox badge and sign-out.
import { Suspense, useState } from 'react';
import { Badge, Button, Drawer, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { regulationsQuery } from '../components/Basis.js';
import { AREAS } from '../areas/index.js';
import { ROLE_NAMES, hasRole, useSignOut, useUser } from '../auth/session.js';
import { useInboxCount } from './inbox-count.js';

export default function AppLayout() {
  const me = useUser();
  const signOut = useSignOut();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const inbox = useInboxCount();
  // Pages cite regulations: they wait for the registry (once per session) rather than flash the
  // internal short codes before the titles. Should it fail, pages show citations as written.
  const registry = useQuery(regulationsQuery);
  const selected = location.pathname.split('/')[2] ?? '';
  const items = AREAS.filter((a) => !a.hidden && hasRole(me, a.roles)).map((a) => ({
    key: a.path,
    icon: a.icon,
    label: (
      <Link to={`/app/${a.path}`} onClick={() => setDrawer(false)}>
        {a.path === 'inbox' ? (
          <Space>
            {a.label}
            <Badge count={inbox} overflowCount={999} aria-label={`待办 ${inbox} 项`} />
          </Space>
        ) : (
          a.label
        )}
      </Link>
    ),
  }));
  const menu = <Menu mode="inline" selectedKeys={[selected]} items={items} style={{ borderInlineEnd: 0 }} />;
  const wide = screens.lg !== false;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#b8232f', paddingInline: 16 }}
      >
        {!wide && (
          <Button
            type="text"
            aria-label="打开菜单"
            icon={<MenuOutlined style={{ color: '#fff' }} />}
            onClick={() => setDrawer(true)}
          />
        )}
        <Link to="/app" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          督办工作台
        </Link>
        <div style={{ flex: 1 }} />
        <Space size="small" wrap={false} style={{ color: '#fff', overflow: 'hidden' }}>
          <Typography.Text style={{ color: '#fff' }} strong data-testid="user-name">
            {me.realName}
          </Typography.Text>
          {wide && <Typography.Text style={{ color: '#fde8e8' }}>{me.unitName}</Typography.Text>}
          {wide && me.roles.map((r) => <Tag key={r}>{ROLE_NAMES[r]}</Tag>)}
          <Button
            icon={<LogoutOutlined />}
            size="small"
            onClick={() => signOut.mutate()}
            loading={signOut.isPending}
            aria-label="退出登录"
          >
            {wide ? '退出' : null}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {wide ? (
          <Layout.Sider width={200} theme="light">
            <nav aria-label="主菜单">{menu}</nav>
          </Layout.Sider>
        ) : (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} title="菜单">
            <nav aria-label="主菜单">{menu}</nav>
          </Drawer>
        )}
        <Layout.Content style={{ padding: wide ? 24 : 12, minWidth: 0 }}>
          {registry.isPending ? (
            <Spin />
          ) : (
            <Suspense fallback={<Spin />}>
              <Outlet />
            </Suspense>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
