import { Result } from 'antd';

/** Shown by an area whose pages are not written yet. */
export default function Placeholder({ title }: { title: string }) {
  return <Result status="info" title={title} subTitle="该功能页面正在建设中。" />;
}
