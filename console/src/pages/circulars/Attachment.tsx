// One 附件 of a circular: fetched with the session only when asked for, then saved under its name.
import { useEffect, useState } from 'react';
import { Button, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { messageOf } from '../../api/errors.js';
import { formatSize, useFetchedFile } from '../../components/DocumentView.js';

export function Attachment({ id, index }: { id: string; index: number }) {
  const [wanted, setWanted] = useState(false);
  const file = useFetchedFile(wanted ? `/evidence/${id}` : undefined);
  useEffect(() => {
    if (!file.data) return;
    const link = document.createElement('a');
    link.href = file.data.url;
    link.download = file.data.name;
    link.click();
  }, [file.data]);
  return (
    <div>
      <Button
        type="link"
        icon={<PaperClipOutlined />}
        loading={wanted && file.isFetching}
        onClick={() => setWanted(true)}
      >
        附件 {index + 1}
        {file.data ? `：${file.data.name}（${formatSize(file.data.size)}）` : ''}
      </Button>
      {file.isError && <Typography.Text type="danger">{messageOf(file.error)}</Typography.Text>}
    </div>
  );
}
