// 系统管理: units, users and deadline policies, one tab each; the tab is the URL, so a link or the
// back button lands on the same one.
import { Tabs, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: 'units', label: '单位' },
  { key: 'users', label: '用户' },
  { key: 'policies', label: '时限策略' },
];

export default function AdminTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.split('/')[3] ?? 'units';
  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        系统管理
      </Typography.Title>
      <Tabs activeKey={active} items={TABS} onChange={(key) => void navigate(`/app/admin/${key}`)} />
      <Outlet />
    </div>
  );
}
