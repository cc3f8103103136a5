// The handing unit's transfer-list editor: the draft starts as the unit's data-holdings register
// (000 第十四条, 第三十条), is saved as it is edited (PUT /handovers/{id}/draft) and submitted through
// the open 编制移交清单 task. The API's refusals (storage abroad 000 第十八条, no encryption 003
// 第三十一条, a medium without its number …) are shown on the item's field.
import { useEffect } from 'react';
import { Alert, App, Button, Card, Empty, Form, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { messageOf, unwrap } from '../../api/errors.js';
import { useUser } from '../../auth/session.js';
import { Due, formatInstant } from '../../components/Due.js';
import { HoldingFields, cleanHolding } from '../holdings/HoldingFields.js';
import { KIND_LABELS } from '../holdings/holding-labels.js';
import { asItems, handoverKey, isMine, useHandover, useTask, type TransferItem } from './queries.js';
import { placeFieldErrors } from '../../forms/field-errors.js';
import type { ItemResult } from './TransferTable.js';
import { Basis } from '../../components/Basis.js';

interface Values {
  items: TransferItem[];
}

function Discrepancies({ taskId }: { taskId: string }) {
  const task = useTask(taskId);
  const previous = (task.data?.payload.previousDiscrepancies ?? []) as ItemResult[];
  if (!previous.length) return null;
  return (
    <Alert
      type="warning"
      style={{ marginBottom: 16 }}
      title="接收单位上一轮核验发现以下差异，请修改后重新提交"
      description={
        <ul style={{ margin: 0 }}>
          {previous.map((r) => (
            <li key={r.item}>
              第 {r.item} 项：{r.remark}
            </li>
          ))}
        </ul>
      }
    />
  );
}

export default function DraftEditor() {
  const { id = '' } = useParams();
  const me = useUser();
  const query = useHandover(id);
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const h = query.data;
  const task = h?.openTasks.find((t) => t.type === 'handover_transfer_list' && isMine(me, t));
  const items = (): TransferItem[] =>
    ((form.getFieldValue('items') as TransferItem[] | undefined) ?? []).map((i) =>
      cleanHolding({ ...i, storageLocation: { ...i.storageLocation } }),
    );
  useEffect(() => {
    if (h) form.setFieldsValue({ items: asItems(h.draft) });
  }, [h?.id, h?.draftSavedAt]); // eslint-disable-line react-hooks/exhaustive-deps
  const onError = (e: unknown) => {
    const { allPlaced } = placeFieldErrors(form, e, (p) =>
      p[0] === 'items' && typeof p[1] === 'number' ? p : undefined,
    );
    message.error(allPlaced ? '清单中有需要修改的条目，见标红的字段。' : messageOf(e));
  };
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/handovers/{id}/draft', { params: { path: { id } }, body: { items: items() } })),
    onSuccess: async (r) => {
      message.success(`草稿已保存（${r.items} 项）`);
      await client.invalidateQueries({ queryKey: handoverKey(id) });
    },
    onError,
  });
  const submit = useMutation({
    mutationFn: async () => {
      await unwrap(api.PUT('/handovers/{id}/draft', { params: { path: { id } }, body: { items: items() } }));
      return unwrap(
        api.POST('/tasks/{id}/complete', { params: { path: { id: task!.id } }, body: { input: { items: items() } } }),
      );
    },
    onSuccess: async () => {
      message.success('移交清单已提交，等待接收单位核验。');
      await client.invalidateQueries({ queryKey: handoverKey(id) });
      await client.invalidateQueries({ queryKey: ['tasks'] });
      void navigate(`/app/handovers/${id}`);
    },
    onError,
  });
  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <Alert type="error" title={messageOf(query.error)} />;
  const handover = query.data;
  const name = handover.units[String(handover.handingUnitId)];
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          编制移交清单：{name} → {handover.units[String(handover.receivingUnitId)]}
        </Typography.Title>
      }
      extra={
        <Space>
          <Due at={handover.dueAt} />
          <Link to={`/app/handovers/${id}`}>返回移交详情</Link>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        <Basis
          text={
            '须列出本单位管理的全部数据集、信息系统、备份、存储介质、文档资料和账号密钥（000 第十九条）。' +
            '清单已按本单位的数据资源目录预先填写，请逐项核对补充。移交须加密传输（003 第三十一条），' +
            '存储位置须在境内（000 第十八条）。'
          }
        />
        {handover.draftSavedAt && ` 草稿最近保存于 ${formatInstant(handover.draftSavedAt)}。`}
      </Typography.Paragraph>
      {!task && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={
            handover.status === 'drafting'
              ? '编制移交清单是移交单位工作人员的待办；您可以查看草稿。'
              : '移交清单已提交，当前不在编制阶段。'
          }
        />
      )}
      {task && <Discrepancies taskId={task.id} />}
      <Form<Values> form={form} layout="vertical" disabled={!task} onFinish={() => submit.mutate()}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.length === 0 && <Empty description="清单为空，请添加条目" />}
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  data-testid={`item-${index + 1}`}
                  title={
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const item = form.getFieldValue(['items', field.name]) as TransferItem | undefined;
                        const kind = item?.kind ? ` · ${KIND_LABELS[item.kind]}` : '';
                        return `第 ${index + 1} 项${kind}${item?.holdingId ? '（来自数据资源目录）' : '（新增）'}`;
                      }}
                    </Form.Item>
                  }
                  extra={
                    <Button danger type="link" onClick={() => remove(field.name)} aria-label={`删除第 ${index + 1} 项`}>
                      删除
                    </Button>
                  }
                >
                  <Form.Item name={[field.name, 'holdingId']} hidden>
                    <input type="hidden" />
                  </Form.Item>
                  <HoldingFields prefix={[field.name]} listPrefix={['items']} />
                </Card>
              ))}
              <Button
                type="dashed"
                block
                onClick={() => add({ kind: 'dataset', recordCount: 0, storageLocation: { country: 'CN', region: '' } })}
                style={{ marginBottom: 16 }}
              >
                添加条目
              </Button>
            </>
          )}
        </Form.List>
        <Space>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            保存草稿
          </Button>
          <Popconfirm
            title="提交移交清单"
            description="提交后清单交接收单位逐项核验，不能再修改（核验发现差异时会退回）。"
            okText="确认提交"
            cancelText="再看看"
            onConfirm={() => form.submit()}
          >
            <Button type="primary" loading={submit.isPending}>
              提交移交清单
            </Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
