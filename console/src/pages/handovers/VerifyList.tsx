// The receiving unit verifies the transfer list item by item: each item 相符 or 有差异 (with what
// differs; any difference sends the list back to the handing unit), and for an information system
// the graded-protection level it will be protected at, not lower than before (003 第三十一条).
import { useEffect } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Skeleton, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, messageOf, unwrap } from '../../api/errors.js';
import { Due } from '../../components/Due.js';
import { levelLabel, levelOptions } from '../holdings/holding-labels.js';
import { asItems, handoverKey, useTask } from './queries.js';
import { TransferTable, type ItemResult } from './TransferTable.js';
import { Basis } from '../../components/Basis.js';

interface Values {
  results: ItemResult[];
}

/** `results[item=2].remark` → ['results', 1, 'remark']; `results` and others stay whole. */
function resultsPath(field: string): (string | number)[] | undefined {
  const m = field.match(/^results\[item=(\d+)\]\.(\w+)$/) ?? field.match(/^results\.(\d+)\.(\w+)$/);
  if (!m) return undefined;
  const index = field.includes('[item=') ? Number(m[1]) - 1 : Number(m[1]);
  return ['results', index, m[2]!];
}

export default function VerifyList() {
  const { id = '', taskId = '' } = useParams();
  const task = useTask(taskId);
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const payload = task.data?.payload as { listHash?: string; round?: number; items?: unknown[] } | undefined;
  const items = asItems(payload?.items ?? []);
  useEffect(() => {
    if (items.length && !form.getFieldValue('results'))
      form.setFieldsValue({ results: items.map((_, i) => ({ item: i + 1, verdict: 'accepted' })) });
  }, [items.length]); // eslint-disable-line react-hooks/exhaustive-deps
  const results = Form.useWatch('results', form) as ItemResult[] | undefined;
  const verify = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/tasks/{id}/complete', {
          params: { path: { id: taskId } },
          body: {
            input: {
              listHash: payload!.listHash,
              results: v.results.map((r) => ({
                item: r.item,
                verdict: r.verdict,
                ...(r.remark?.trim() ? { remark: r.remark.trim() } : {}),
                ...(r.protectionLevel ? { protectionLevel: r.protectionLevel } : {}),
              })),
            },
          },
        }),
      ),
    onSuccess: async (_, v) => {
      const discrepant = v.results.filter((r) => r.verdict === 'discrepant').length;
      message.success(discrepant ? `已退回移交单位修改（${discrepant} 项有差异）` : '核验通过，等待双方负责人签署。');
      await client.invalidateQueries({ queryKey: handoverKey(id) });
      await client.invalidateQueries({ queryKey: ['tasks'] });
      void navigate(`/app/handovers/${id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        const placed = e.fields.flatMap((f) => {
          const name = resultsPath(f.field);
          return name ? [{ name: name as ['results', number, 'remark'], errors: [f.message] }] : [];
        });
        form.setFields(placed);
        const rest = e.fields.filter((f) => !resultsPath(f.field)).map((f) => f.message);
        message.error(rest.length ? rest.join('；') : '有需要补充的核验结论，见标红的字段。');
      } else message.error(messageOf(e));
    },
  });
  if (task.isPending) return <Skeleton active />;
  if (task.isError) return <Alert type="error" title={messageOf(task.error)} />;
  const t = task.data;
  const open = t.status === 'open';
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
            '请对照实际接收的数据逐项核验。任何一项有差异，清单将退回移交单位修改后重新提交；' +
            '信息系统须申报接收后的等级保护级别，不得低于移交前（003 第三十一条）。'
          }
        />
      </Typography.Paragraph>
      <Typography.Paragraph>
        所核验的清单摘要（SHA-256）：<Typography.Text code>{payload?.listHash}</Typography.Text>
      </Typography.Paragraph>
      {!open && <Alert type="info" title="该核验已完成。" style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} onFinish={(v) => verify.mutate(v)} disabled={!open}>
        <TransferTable
          items={items}
          extra={{
            title: '核验结论',
            render: (item, i) => (
              <div data-testid={`verify-${i + 1}`}>
                <Form.Item name={['results', i, 'item']} hidden initialValue={i + 1}>
                  <input type="hidden" />
                </Form.Item>
                <Form.Item name={['results', i, 'verdict']} style={{ marginBottom: 8 }} initialValue="accepted">
                  <Radio.Group
                    aria-label={`第 ${i + 1} 项核验结论`}
                    options={[
                      { value: 'accepted', label: '相符' },
                      { value: 'discrepant', label: '有差异' },
                    ]}
                  />
                </Form.Item>
                {item.kind === 'information_system' && (
                  <Form.Item
                    name={['results', i, 'protectionLevel']}
                    label="接收后等保级别"
                    extra={`移交前：${levelLabel(item.protectionLevel)}`}
                    style={{ marginBottom: 8 }}
                  >
                    <Select options={levelOptions} allowClear placeholder="申报级别" style={{ width: 140 }} />
                  </Form.Item>
                )}
                {results?.[i]?.verdict === 'discrepant' && (
                  <Form.Item name={['results', i, 'remark']} style={{ marginBottom: 0 }}>
                    <Input.TextArea
                      rows={2}
                      maxLength={500}
                      placeholder="说明哪里不符"
                      aria-label={`第 ${i + 1} 项差异说明`}
                    />
                  </Form.Item>
                )}
              </div>
            ),
          }}
        />
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={verify.isPending}>
            提交核验结论
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
