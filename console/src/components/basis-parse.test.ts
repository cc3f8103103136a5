// Short citations as a console reader sees them: full titles, and a text that does not bind where
// the viewer's unit sits (Sichuan's, Xicheng's draft) says so.
import { describe, expect, it } from 'vitest';
import { citationDetails, citeText, mergeCitations, parseBasis, type Regulation } from './basis-parse.js';

const text = (
  code: string,
  title: string,
  jurisdiction: Regulation['jurisdiction'],
  extra: Partial<Regulation> = {},
): Regulation => ({
  code: code as Regulation['code'],
  title,
  issuingBody: `${jurisdiction.name}卫生健康委员会`,
  documentNumber: null,
  jurisdiction,
  inForce: true,
  effective: '2017-07-17',
  numbering: 'articles',
  appliesHere: true,
  note: null,
  ...extra,
});

// As GET /regulations answers a Henan user.
const henan: Regulation[] = [
  text(
    '000',
    '河南省全民健康信息管理实施细则',
    { code: '41', name: '河南省' },
    { documentNumber: '豫卫规划〔2017〕44号' },
  ),
  text(
    '001',
    '西城区全民健康信息管理办法（试行）',
    { code: '110102', name: '北京市西城区' },
    {
      inForce: false,
      appliesHere: false,
      effective: null,
    },
  ),
  text('003', '四川省健康医疗大数据应用管理办法（试行）', { code: '51', name: '四川省' }, { appliesHere: false }),
  text(
    '004',
    '国家卫生信息资源使用管理规范',
    { code: '', name: '全国' },
    {
      numbering: 'clauses',
      documentNumber: 'WS/T 788—2021',
    },
  ),
];

describe('citations read as titles', () => {
  it('reads a Henan text in force as its title and article', () => {
    expect(citeText('000 第十九条', henan)).toBe('《河南省全民健康信息管理实施细则》第十九条');
  });

  it('says a Sichuan text is not a rule here and a draft is not in force', () => {
    expect(citeText('依据：000 第十九条；001 第十二条；003 第十四条、第三十一条', henan)).toBe(
      '依据：《河南省全民健康信息管理实施细则》第十九条；' +
        '《西城区全民健康信息管理办法（试行）》第十二条（征求意见稿，未施行）；' +
        '《四川省健康医疗大数据应用管理办法（试行）》第十四条、第三十一条（四川省文件，非本辖区规定）',
    );
  });

  it('keeps article ranges and lists, and a standard’s clauses with its number', () => {
    expect(citeText('000 第十四、十五条', henan)).toBe('《河南省全民健康信息管理实施细则》第十四、十五条');
    expect(citeText('004 8.2.1、8.2.4', henan)).toBe('《国家卫生信息资源使用管理规范》（WS/T 788—2021）8.2.1、8.2.4');
  });

  it('leaves prose, unknown codes and text without citations as written', () => {
    expect(citeText('条文未规定时限，按内部规定', henan)).toBe('条文未规定时限，按内部规定');
    expect(citeText('根据999 第三条办理', henan)).toBe('根据999 第三条办理');
    expect(citeText('1000 第三条', henan)).toBe('1000 第三条');
    expect(citeText('000 第十九条', [])).toBe('000 第十九条');
  });

  it('finds citations inside prose without eating the words around them', () => {
    const parts = parseBasis('依据 000 第三十一条，须及时报告', henan);
    expect(parts.map((p) => p.kind)).toEqual(['text', 'citation', 'text']);
    expect(parts[0]).toEqual({ kind: 'text', text: '依据 ' });
    expect(parts[2]).toEqual({ kind: 'text', text: '，须及时报告' });
  });

  it('puts the short form, issuer, number, province and standing in the details', () => {
    const [sichuan] = parseBasis('003 第十四条', henan);
    expect(sichuan?.kind === 'citation' && citationDetails(sichuan)).toEqual([
      '简称：003 第十四条',
      '发布机关：四川省卫生健康委员会',
      '文号：未见文号',
      '适用地域：四川省',
      '2017-07-17 起施行',
      '不适用于本单位所在辖区',
    ]);
  });

  it('names each text once when a task cites many of its articles', () => {
    const merged = mergeCitations(['000 第七条', '000 第十三条', '003 第十四条', '000 第七条', '000 第十四、十五条']);
    expect(merged).toBe('000 第七条、第十三条；003 第十四条；000 第十四、十五条');
    expect(citeText(mergeCitations(['000 第七条', '000 第十三条']), henan)).toBe(
      '《河南省全民健康信息管理实施细则》第七条、第十三条',
    );
  });
});
