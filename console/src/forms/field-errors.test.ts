// Where a refusal's messages land: on the fields they name, or — when the form has no such field — in
// front of the user anyway. The form is a stand-in recording what the page would show.
import { describe, expect, it } from 'vitest';
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface.js';
import { ApiError } from '../api/errors.js';
import { namePath, onlyFields, placeFieldErrors, showRefusal } from './field-errors.js';

type Shown = { name: (string | number)[]; errors: string[] }[];

function form(values: Record<string, unknown> = {}) {
  const shown: Shown = [];
  const instance = {
    setFields: (fields: Shown) => shown.push(...fields),
    getFieldsValue: () => values,
  } as unknown as FormInstance;
  return { instance, shown };
}

const refusal = (...fields: [string, string][]) =>
  new ApiError(
    422,
    'validation_failed',
    `输入有误：${fields.map(([f, m]) => `${f} ${m}`).join('；')}`,
    fields.map(([field, message]) => ({ field, message })),
  );

describe('field errors on the form', () => {
  it('reads list indexes in either notation', () => {
    expect(namePath('items.0.encryption')).toEqual(['items', 0, 'encryption']);
    expect(namePath('items[12].name')).toEqual(['items', 12, 'name']);
    expect(namePath('')).toEqual([]);
  });

  it('puts every message on its field, two on one field together', () => {
    const f = form();
    const placed = placeFieldErrors(
      f.instance,
      refusal(['items.0.name', '请填写名称'], ['items.0.name', '不得含控制字符'], ['dueAt', '不得早于今天']),
    );
    expect(placed).toEqual({ allPlaced: true, unplaced: [] });
    expect(f.shown).toEqual([
      { name: ['items', 0, 'name'], errors: ['请填写名称', '不得含控制字符'] },
      { name: ['dueAt'], errors: ['不得早于今天'] },
    ]);
  });

  it('leaves a request-wide error and a field the form lacks to the page', () => {
    const f = form();
    const placed = placeFieldErrors(
      f.instance,
      refusal(['', '该范围内没有医疗卫生机构'], ['reason', '请说明理由'], ['signature', '签名无效']),
      onlyFields(['reason']),
    );
    expect(placed.allPlaced).toBe(false);
    expect(placed.unplaced.map((e) => e.message)).toEqual(['该范围内没有医疗卫生机构', '签名无效']);
    expect(f.shown).toEqual([{ name: ['reason'], errors: ['请说明理由'] }]);
  });

  it('places nothing for an answer without fields (a conflict, no network)', () => {
    const f = form();
    expect(placeFieldErrors(f.instance, new ApiError(409, 'conflict', '已被他人认领'))).toEqual({
      allPlaced: false,
      unplaced: [],
    });
    expect(placeFieldErrors(f.instance, new Error('offline')).allPlaced).toBe(false);
    expect(f.shown).toEqual([]);
  });

  it('renames a field the form calls differently', () => {
    const f = form();
    placeFieldErrors(f.instance, refusal(['offSiteLocation.region', '须为境内地区']), (p) =>
      p[0] === 'offSiteLocation' ? ['offSiteRegion'] : p,
    );
    expect(f.shown).toEqual([{ name: ['offSiteRegion'], errors: ['须为境内地区'] }]);
  });
});

describe('a refusal shown where it belongs', () => {
  const messages = () => {
    const said: string[] = [];
    return { said, api: { error: (m: string) => said.push(m) } as unknown as MessageInstance };
  };

  it('says nothing at the top when every error sits on a field the form holds', () => {
    const f = form({ name: '', code: '' });
    const m = messages();
    showRefusal(refusal(['code', '已被使用']), f.instance, m.api);
    expect(f.shown).toEqual([{ name: ['code'], errors: ['已被使用'] }]);
    expect(m.said).toEqual([]);
  });

  it('says the whole message when one error has no field to sit on', () => {
    const f = form({ name: '' });
    const m = messages();
    const error = refusal(['name', '请填写名称'], ['parentId', '须为您辖区内的单位']);
    showRefusal(error, f.instance, m.api);
    expect(f.shown).toEqual([{ name: ['name'], errors: ['请填写名称'] }]);
    expect(m.said).toEqual([error.message]);
  });

  it('says a refusal without fields at the top', () => {
    const m = messages();
    showRefusal(new ApiError(403, 'forbidden', '您无权执行此操作。'), form().instance, m.api);
    expect(m.said).toEqual(['您无权执行此操作。']);
  });
});
