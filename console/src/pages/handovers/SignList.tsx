// A leader signs the transfer list for their side (003 第十四条, 第三十一条). What is signed is the
// sha256 of the list's canonical form: the page shows the items, the canonical bytes exactly as
// hashed (GET /handovers/{id}/canonical-list), the hash recomputed here from those bytes, and asks
// for a confirmation naming the signer, the side and the hash before anything is sent.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  Descriptions,
  Modal,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, toApiError, unwrap } from '../../api/errors.js';
import { ROLE_NAMES, useUser } from '../../auth/session.js';
import { Due } from '../../components/Due.js';
import { PARTY_LABELS } from './labels.js';
import { asItems, handoverKey, useHandover, useTask } from './queries.js';
import { TransferTable } from './TransferTable.js';
import { Basis } from '../../components/Basis.js';

async function sha256Hex(text: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The canonical list's bytes as the API answers them, with the hash recomputed in the browser. */
function useCanonicalList(id: string) {
  return useQuery({
    queryKey: ['handovers', id, 'canonical-list'],
    queryFn: async () => {
      const answer = await fetch(`/handovers/${encodeURIComponent(id)}/canonical-list`, { credentials: 'same-origin' });
      if (!answer.ok) throw toApiError(await answer.json().catch(() => undefined), answer);
      const text = await answer.text();
      return {
        text,
        served: answer.headers.get('x-content-sha256'),
        round: answer.headers.get('x-handover-round'),
        computed: await sha256Hex(text),
      };
    },
  });
}

export default function SignList() {
  const { id = '', taskId = '' } = useParams();
  const me = useUser();
  const task = useTask(taskId);
  const handover = useHandover(id);
  const canonical = useCanonicalList(id);
  const [read, setRead] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const payload = task.data?.payload as { listHash?: string; party?: string; items?: unknown[] } | undefined;
  const sign = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/tasks/{id}/complete', {
          params: { path: { id: taskId } },
          body: { input: { listHash: payload!.listHash } },
        }),
      ),
    onSuccess: async () => {
      message.success('已签署移交清单。');
      setConfirming(false);
      await client.invalidateQueries({ queryKey: handoverKey(id) });
      await client.invalidateQueries({ queryKey: ['tasks'] });
      void navigate(`/app/handovers/${id}`);
    },
    onError: (e) => {
      setConfirming(false);
      message.error(messageOf(e));
    },
  });
  if (task.isPending || handover.isPending) return <Skeleton active />;
  if (task.isError) return <Alert type="error" title={messageOf(task.error)} />;
  if (handover.isError) return <Alert type="error" title={messageOf(handover.error)} />;
  const t = task.data;
  const h = handover.data;
  const open = t.status === 'open';
  const party = PARTY_LABELS[payload?.party ?? ''] ?? '';
  const unitName = h.units[String(t.assigneeUnitId)] ?? '';
  const items = asItems(payload?.items ?? []);
  const hash = payload?.listHash ?? '';
  const matches = canonical.data?.computed === hash && canonical.data?.served === hash;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
      }
      extra={
        <Space>
          <Due at={t.dueAt} done={!open} />
          <Link to={`/app/handovers/${id}`}>返回移交详情</Link>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        <Basis
          text={
            '移交清单由移交方、接收方负责人分别签字（003 第十四条、第三十一条）。签署的是下列清单规范文本的 SHA-256 ' +
            '摘要：任何一项改动都会改变摘要，签署后的清单即为归档的移交清单。'
          }
        />
      </Typography.Paragraph>
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="签署方">
          {party}：{unitName}
        </Descriptions.Item>
        <Descriptions.Item label="签署人">
          {me.realName}（{ROLE_NAMES.unit_leader}）
        </Descriptions.Item>
        <Descriptions.Item label="清单摘要（SHA-256）">
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="sign-hash">
            {hash}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="本页核对">
          {canonical.isPending ? (
            '正在下载规范文本并计算摘要…'
          ) : canonical.isError ? (
            <Typography.Text type="danger">{messageOf(canonical.error)}</Typography.Text>
          ) : matches ? (
            <Space wrap>
              <Tag color="green" data-testid="hash-verified">
                一致
              </Tag>
              本浏览器根据下载的规范文本（第 {canonical.data.round} 轮，共 {items.length}{' '}
              项）重新计算的摘要与待签摘要相同
            </Space>
          ) : (
            <Typography.Text type="danger">
              规范文本的摘要（{canonical.data.computed ?? '本浏览器无法计算'}
              ）与待签摘要不一致，请勿签署并联系主管部门。
            </Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <TransferTable items={items} />
      <Collapse
        style={{ marginTop: 16 }}
        defaultActiveKey={['canonical']}
        items={[
          {
            key: 'canonical',
            label: '查看被签署的规范文本（UTF-8 JSON，即摘要所覆盖的全部字节）',
            children: (
              <>
                <pre
                  style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 160, overflow: 'auto' }}
                  data-testid="canonical-text"
                >
                  {canonical.data?.text}
                </pre>
                {canonical.data && (
                  <a
                    href={`data:application/json;charset=utf-8,${encodeURIComponent(canonical.data.text)}`}
                    download={`${id}-r${canonical.data.round}.json`}
                  >
                    下载规范文本
                  </a>
                )}
              </>
            ),
          },
        ]}
      />
      {open ? (
        <Space orientation="vertical" style={{ marginTop: 16 }}>
          <Checkbox checked={read} onChange={(e) => setRead(e.target.checked)}>
            我已阅读上述移交清单（共 {items.length} 项），确认其内容与实际移交一致
          </Checkbox>
          <Button type="primary" disabled={!read || !matches} onClick={() => setConfirming(true)}>
            签署移交清单
          </Button>
        </Space>
      ) : (
        <Alert type="success" title="该签署已完成。" style={{ marginTop: 16 }} />
      )}
      <Modal
        open={confirming}
        title="确认签署"
        okText="确认签署"
        cancelText="返回"
        okButtonProps={{ loading: sign.isPending }}
        onOk={() => sign.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          您（{me.realName}）将作为{unitName}负责人，代表{party}签署移交清单（共 {items.length} 项），其 SHA-256
          摘要为：
        </p>
        <Typography.Paragraph code style={{ wordBreak: 'break-all' }} data-testid="confirm-hash">
          {hash}
        </Typography.Paragraph>
        <p>签署后不能撤回。</p>
      </Modal>
    </Card>
  );
}
