import { Button, Result } from 'antd';
import { Link, useRouteError } from 'react-router';
import { messageOf } from '../api/errors.js';

export default function RouteError({ notFound }: { notFound?: boolean }) {
  const error = useRouteError();
  if (notFound || !error)
    return (
      <Result
        status="404"
        title="页面不存在"
        extra={
          <Link to="/app">
            <Button type="primary">回到首页</Button>
          </Link>
        }
      />
    );
  return <Result status="error" title="页面出错" subTitle={messageOf(error)} />;
}
