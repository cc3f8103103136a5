import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { messageOf } from '../api/errors.js';
import { useSignIn } from './session.js';

/** Only paths inside the console: a crafted ?next= must not send the user elsewhere. */
const safeNext = (next: string | null) => (next && /^\/app(\/|$)/.test(next) ? next : '/app');

export default function LoginPage() {
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const onFinish = (values: { username: string; password: string }) =>
    signIn.mutate(values, { onSuccess: () => void navigate(safeNext(params.get('next')), { replace: true }) });
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f4f6', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          督办工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          全民健康信息监督管理
        </Typography.Paragraph>
        {signIn.isError && (
          <Alert role="alert" type="error" showIcon style={{ marginBottom: 16 }} title={messageOf(signIn.error)} />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={signIn.isPending}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
