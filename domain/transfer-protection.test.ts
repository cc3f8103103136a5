// The transfer list's protection rules (003 第三十一条) and the drill form, without I/O.
import { describe, expect, it } from 'vitest';
import { saysUnencrypted, validateVerification } from './handover-forms.js';
import { RestoreDrillForm } from './continuity.js';
import { formErrors } from './forms.js';

describe('transfer protection (003 第三十一条)', () => {
  it('tells an encryption that says none from one that names a method', () => {
    for (const none of [
      '未加密',
      '无',
      ' 无。',
      '否',
      '明文',
      '明文传输',
      '不加密',
      'none',
      'N/A',
      'plaintext',
      '-',
      '静态未加密',
    ])
      expect(saysUnencrypted(none), none).toBe(true);
    for (const named of ['SM4', 'SM4 全盘加密', 'TLS 传输，静态 SM4', '国密 SM2/SM4', 'AES-256', '无线加密 WPA3'])
      expect(saysUnencrypted(named), named).toBe(false);
  });

  it('an accepted system needs a declared level not lower than the list’s; other items and discrepancies do not', () => {
    const hash = 'a'.repeat(64);
    const items = [{ kind: 'dataset' }, { kind: 'information_system', protectionLevel: 3 }];
    const verify = (results: object[]) => validateVerification({ listHash: hash, results } as never, 2, hash, items);
    expect(
      verify([
        { item: 1, verdict: 'accepted' },
        { item: 2, verdict: 'accepted', protectionLevel: 3 },
      ]),
    ).toEqual([]);
    expect(
      verify([
        { item: 1, verdict: 'accepted' },
        { item: 2, verdict: 'accepted', protectionLevel: 4 },
      ]),
    ).toEqual([]);
    expect(
      verify([
        { item: 1, verdict: 'accepted' },
        { item: 2, verdict: 'discrepant', remark: '备案编号不符' },
      ]),
    ).toEqual([]);
    expect(
      verify([
        { item: 1, verdict: 'accepted' },
        { item: 2, verdict: 'accepted', protectionLevel: 2 },
      ]),
    ).toEqual([
      { field: 'results[item=2].protectionLevel', message: expect.stringContaining('低于移交前（第 3 级）') },
    ]);
    expect(
      verify([
        { item: 1, verdict: 'accepted' },
        { item: 2, verdict: 'accepted' },
      ]),
    ).toEqual([{ field: 'results[item=2].protectionLevel', message: expect.stringContaining('003 第三十一条') }]);
  });
});

describe('restore drill form (000 第十五条, 001 第九条)', () => {
  const drill = {
    drilledOn: '2026-11-20',
    restored: '全量库',
    durationMinutes: 60,
    result: 'succeeded',
    evidence: '报告',
  };
  it('a failed or partial drill needs a follow-up date on or after the drill', () => {
    expect(formErrors(RestoreDrillForm, drill)).toEqual([]);
    for (const result of ['failed', 'partial'])
      expect(formErrors(RestoreDrillForm, { ...drill, result }).map((e) => e.field)).toEqual(['followUpOn']);
    expect(formErrors(RestoreDrillForm, { ...drill, result: 'failed', followUpOn: '2026-12-01' })).toEqual([]);
    expect(formErrors(RestoreDrillForm, { ...drill, result: 'failed', followUpOn: '2026-11-19' })).toEqual([
      { field: 'followUpOn', message: '跟进日期不能早于演练日期' },
    ]);
    expect(formErrors(RestoreDrillForm, { ...drill, drilledOn: '2026-13-01' }).map((e) => e.field)).toEqual([
      'drilledOn',
    ]);
    expect(formErrors(RestoreDrillForm, { ...drill, extra: 1 }).map((e) => e.field)).toEqual(['']);
  });
});
