// 003 第三十一条 (加密传输): ways of writing "not encrypted" that once passed the transfer list's
// check (spaced, hyphenated, full-width, English phrases, 未进行加密 …), and statements that deny
// plaintext, which were once refused. The check is the one the API and the workflow validators
// share (domain/handover-forms.ts), so an item refused here never reaches the process.
import { describe, expect, it } from 'vitest';
import { saysUnencrypted, validateTransferList } from '../domain/handover-forms.js';

describe('unencrypted transfer items (003 第三十一条)', () => {
  it('recognises "none" however it is written', () => {
    for (const none of [
      '不 加密',
      '未 加密',
      '明 文',
      'no encryption',
      'Without Encryption',
      'un-encrypted',
      'not-encrypted',
      'plain-text',
      'clear text',
      'none (plain)',
      '未进行加密',
      '未采取加密措施',
      '无需加密',
      '不需要加密',
      '没加密',
      'false',
      '0',
      '空',
      '暂无',
      'ｎｏｎｅ',
      'Ｎ／Ａ',
      '— —',
      '无（明文）',
    ])
      expect(saysUnencrypted(none), none).toBe(true);
  });

  it('accepts a method that denies plaintext', () => {
    for (const named of [
      'SM4 加密，不存明文',
      '传输加密，无明文落地',
      '非对称加密 SM2',
      '无线加密 WPA3',
      'HTTPS',
      'SM4-GCM',
    ])
      expect(saysUnencrypted(named), named).toBe(false);
  });

  it('refuses such an item in the transfer list with the field and the article', () => {
    const item = {
      kind: 'dataset',
      description: '居民健康档案',
      recordCount: 10,
      volume: '1 GB',
      format: 'CSV',
      sha256: 'a'.repeat(64),
      storageLocation: { country: 'CN', region: '郑州' },
      encryption: 'no encryption',
    };
    const errors = validateTransferList({ items: [item] } as never);
    expect(errors).toEqual([expect.objectContaining({ field: 'items.0.encryption' })]);
    expect(errors[0]!.message).toContain('003 第三十一条');
    expect(validateTransferList({ items: [{ ...item, encryption: 'SM4 加密，不存明文' }] } as never)).toEqual([]);
  });
});
