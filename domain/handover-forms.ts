// The handover's task forms: one strict zod schema each (issue 10, item 10). The workflow's Update
// validators, the API's check before the Update and each task's `formSchema` (its JSON Schema) all
// come from these; rules that need the process's state (the current list hash, the number of
// items) are the validators below. No I/O here.
import { z } from 'zod';
import { DOMESTIC_COUNTRY, hasSerialNumberIfMedium, HoldingFieldsSchema, SERIAL_NUMBER_RULE } from './data-holdings.js';
import { formErrors, formJsonSchema, rowId, text } from './forms.js';
import type { FieldError } from './tasks.js';

export const VERDICTS = ['accepted', 'discrepant'] as const;

/** Most items one transfer list may hold. */
export const MAX_TRANSFER_ITEMS = 500;

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, '须为 SHA-256 摘要：64 位小写十六进制字符');

/** One line of the transfer list: a holding's facts, linked to its register row when it came from one. */
export const TransferItemForm = HoldingFieldsSchema.extend({ holdingId: rowId().optional() })
  .refine(hasSerialNumberIfMedium, SERIAL_NUMBER_RULE)
  // 000 第十八条: health information may not be stored on servers abroad.
  .refine(
    (item) => typeof item?.storageLocation?.country !== 'string' || item.storageLocation.country === DOMESTIC_COUNTRY,
    {
      path: ['storageLocation', 'country'],
      message: '存储于境外：000 第十八条禁止将健康信息存储于境外服务器，请先迁移至境内再移交',
      when: () => true,
    },
  );

export const TransferListForm = z.strictObject({
  items: z
    .array(TransferItemForm)
    .min(1, '移交清单为空：须列出本单位管理的全部数据集、信息系统、备份、存储介质、文档资料和账号密钥（000 第十九条）')
    .max(MAX_TRANSFER_ITEMS),
});

export const VerificationForm = z.strictObject({
  listHash: SHA256,
  results: z
    .array(
      z.strictObject({
        item: z.number().int().min(1).max(MAX_TRANSFER_ITEMS),
        verdict: z.enum(VERDICTS),
        remark: text(500).optional(),
      }),
    )
    .max(MAX_TRANSFER_ITEMS),
});

export const SignatureForm = z.strictObject({ listHash: SHA256 });

export const ConfirmationForm = z.strictObject({ remark: text(500).optional() });

// The JSON Schemas shown with each task.
export const TRANSFER_LIST_FORM = formJsonSchema(TransferListForm);
export const VERIFICATION_FORM = formJsonSchema(VerificationForm);
export const SIGNATURE_FORM = formJsonSchema(SignatureForm);
export const CONFIRMATION_FORM = formJsonSchema(ConfirmationForm);

type Form<S extends z.ZodType> = z.input<S>;

/** Field errors in a submitted transfer list; empty when it may be submitted. */
export function validateTransferList(input: Form<typeof TransferListForm>): FieldError[] {
  return formErrors(TransferListForm, input);
}

/** Field errors in a verification of a list with `itemCount` items whose hash is `currentHash`. */
export function validateVerification(
  input: Form<typeof VerificationForm>,
  itemCount: number,
  currentHash: string,
): FieldError[] {
  const errors = formErrors(VerificationForm, input);
  if (errors.length) return errors;
  if (input.listHash !== currentHash)
    return [{ field: 'listHash', message: '这不是当前待核验的移交清单版本，请重新加载' }];
  for (let n = 1; n <= itemCount; n++) {
    const matching = input.results.filter((r) => r.item === n);
    if (matching.length !== 1) {
      errors.push({ field: 'results', message: `第 ${n} 项须有且仅有一个核验结论` });
      continue;
    }
    const r = matching[0]!;
    if (r.verdict === 'discrepant' && !r.remark?.trim())
      errors.push({
        field: `results[item=${n}].remark`,
        message: `第 ${n} 项：请说明哪里不符（有差异时须填写差异说明）`,
      });
  }
  if (input.results.some((r) => r.item > itemCount))
    errors.push({ field: 'results', message: `核验结论须对应第 1–${itemCount} 项` });
  return errors;
}

/** Field errors in a leader's signature of the list whose hash is `currentHash`. */
export function validateSignature(input: Form<typeof SignatureForm>, currentHash: string | undefined): FieldError[] {
  const errors = formErrors(SignatureForm, input);
  if (errors.length) return errors;
  if (input.listHash !== currentHash)
    return [
      { field: 'listHash', message: `不是当前版本的移交清单（当前：${currentHash}）；请重新加载清单并签署当前版本` },
    ];
  return [];
}
