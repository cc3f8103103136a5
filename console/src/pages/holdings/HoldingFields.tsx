// The fields of one holding as form inputs, shared by the register's editor and the handover's
// transfer-list editor (the same facts: 000 第十四条, 第二十七条, 第三十条). `prefix` places them
// inside a list (['items', 0]).
import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { FIELD_LABELS, kindOptions, levelOptions } from './holding-labels.js';
import { citeText, useRegulations } from '../../components/Basis.js';

export function HoldingFields({
  prefix = [],
  listPrefix = [],
  kindFixed,
}: {
  /** Names relative to the enclosing Form.List, if any. */
  prefix?: (string | number)[];
  /** The Form.List's own name, so the watched kind is found from the form's root. */
  listPrefix?: (string | number)[];
  kindFixed?: boolean;
}) {
  const n = (...path: (string | number)[]) => [...prefix, ...path];
  const form = Form.useFormInstance();
  const regulations = useRegulations();
  const cite = (text: string) => citeText(text, regulations);
  const kind = Form.useWatch([...listPrefix, ...n('kind')], form) as string | undefined;
  return (
    <Row gutter={12}>
      <Col xs={24} md={6}>
        <Form.Item name={n('kind')} label={FIELD_LABELS.kind} rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={kindOptions} disabled={kindFixed} />
        </Form.Item>
      </Col>
      <Col xs={24} md={18}>
        <Form.Item
          name={n('description')}
          label={FIELD_LABELS.description}
          rules={[{ required: true, message: '请填写名称与说明' }]}
        >
          <Input maxLength={500} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name={n('recordCount')}
          label={FIELD_LABELS.recordCount}
          rules={[{ required: true, message: '请填写记录数' }]}
        >
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={n('volume')} label={FIELD_LABELS.volume} rules={[{ required: true, message: '请填写数据量' }]}>
          <Input maxLength={50} placeholder="如 38 GB" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={n('format')} label={FIELD_LABELS.format} rules={[{ required: true, message: '请填写格式' }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={n('sha256')} label={FIELD_LABELS.sha256} rules={[{ required: true, message: '请填写校验值' }]}>
          <Input maxLength={64} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name={n('encryption')}
          label={FIELD_LABELS.encryption}
          rules={[{ required: true, message: '请填写加密方式' }]}
        >
          <Input maxLength={100} placeholder="如 SM4 加密、国密 TLS 传输" />
        </Form.Item>
      </Col>
      <Col xs={8} md={6}>
        <Form.Item
          name={n('storageLocation', 'country')}
          label="存储国家"
          tooltip={cite('ISO 国家代码；000 第十八条禁止存储于境外')}
          rules={[{ required: true, message: '请填写' }]}
        >
          <Input maxLength={2} />
        </Form.Item>
      </Col>
      <Col xs={16} md={18}>
        <Form.Item
          name={n('storageLocation', 'region')}
          label={FIELD_LABELS.region}
          rules={[{ required: true, message: '请填写存储位置' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      {kind === 'storage_medium' && (
        <Col xs={24} md={12}>
          <Form.Item
            name={n('serialNumber')}
            label={FIELD_LABELS.serialNumber}
            tooltip={cite('000 第三十条：存储介质登记编号')}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      )}
      {kind === 'information_system' && (
        <>
          <Col xs={12} md={6}>
            <Form.Item
              name={n('protectionLevel')}
              label={FIELD_LABELS.protectionLevel}
              tooltip={cite('000 第二十七条 定级备案')}
            >
              <Select options={levelOptions} allowClear />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={n('filingNumber')} label={FIELD_LABELS.filingNumber}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </>
      )}
    </Row>
  );
}

/** A holding's form values as the API takes them: empty optional texts left out. */
export function cleanHolding<T extends Record<string, unknown>>(v: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined || val === null || (typeof val === 'string' && val.trim() === '' && k !== 'description'))
      continue;
    out[k] = val;
  }
  if (out.kind !== 'storage_medium') delete out.serialNumber;
  if (out.kind !== 'information_system') {
    delete out.protectionLevel;
    delete out.filingNumber;
  }
  return out as T;
}
