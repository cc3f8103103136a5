// The handover's task forms: one strict zod schema each (issue 10, item 10). The workflow's Update
// validators, the API's check before the Update and each task's `formSchema` (its JSON Schema) all
// come from these; rules that need the process's state (the current list hash, the number of
// items) are the validators below. No I/O here.
import { z } from 'zod';
import { HoldingFieldsSchema, protectionLevel, withHoldingRules } from './data-holdings.js';
import { formErrors, rowId, text } from './forms.js';
import type { FieldError } from './tasks.js';

export const VERDICTS = ['accepted', 'discrepant'] as const;

/** Most items one transfer list may hold. */
export const MAX_TRANSFER_ITEMS = 500;

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, '须为 SHA-256 摘要：64 位小写十六进制字符');

// 003 第三十一条: a transfer is 加密传输. An item's `encryption` names how it is protected; a value
// that says there is none (未加密, 明文, 无, none …) is refused for a transfer. The register itself
// may still record a holding as it is (the refusal is at handover, where the article applies).
// Read after NFKC (full-width ＮＯＮＥ is none), lower-cased, with spaces and punctuation removed
// (未 加密, n/a, un-encrypted are the same words).
const SAYS_NONE = /^(无|否|空|暂无|没有|不适用|none|no|nothing|na|null|nil|false|0|plain)?$/;
const SAYS_UNENCRYPTED =
  /(未|不|无|没|非|免)(经|经过|需|需要|用|做|作|进行|采取|采用|实施)?加密|unencrypted|notencrypted|noencryption|withoutencryption|plaintext|cleartext/;
/** 明文 is a statement of none unless it is denied (无明文, 不存明文, 非明文 …). */
const SAYS_PLAINTEXT = /明文/;
const DENIED_PLAINTEXT = /(无|不|非|禁止|杜绝)[存含留落用以出现传输]{0,2}明文/g;

/** Whether an item's `encryption` text says it is not encrypted. */
export function saysUnencrypted(encryption: string): boolean {
  const normal = encryption.normalize('NFKC').toLowerCase();
  const compact = normal.replace(/[\s\p{P}\p{S}]/gu, '');
  return (
    SAYS_NONE.test(compact) ||
    SAYS_UNENCRYPTED.test(compact) ||
    /\bplain\b/.test(normal) ||
    // Punctuation kept here: 无（明文） says none, 无明文落地 denies plaintext.
    SAYS_PLAINTEXT.test(normal.replace(/\s/g, '').replace(DENIED_PLAINTEXT, ''))
  );
}

export const UNENCRYPTED_TRANSFER_MESSAGE =
  '未加密：003 第三十一条要求移交的数据加密传输，请填写所用的加密方式（如 SM4 加密、国密 TLS 传输）';

/** One line of the transfer list: a holding's facts, linked to its register row when it came from one. */
export const TransferItemForm = withHoldingRules(HoldingFieldsSchema.extend({ holdingId: rowId().optional() }))
  // 000 第十八条 (no storage abroad) is checked by the storage location's own schema, as in the register.
  .refine((item) => typeof item?.encryption !== 'string' || !saysUnencrypted(item.encryption), {
    path: ['encryption'],
    message: UNENCRYPTED_TRANSFER_MESSAGE,
    when: () => true,
  });

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
        /**
         * For an information system: the graded-protection level (000 第二十七条) at which the
         * receiving unit declares it will protect the system after the transfer. 003 第三十一条:
         * protection after the transfer is not lower than before, so an accepted system needs a
         * declared level at least the one on the list (checked in validateVerification).
         */
        protectionLevel: protectionLevel().optional(),
      }),
    )
    .max(MAX_TRANSFER_ITEMS),
});

export const SignatureForm = z.strictObject({ listHash: SHA256 });

export const ConfirmationForm = z.strictObject({ remark: text(500).optional() });

// The JSON Schemas shown with each task.

type Form<S extends z.ZodType> = z.input<S>;

/** Field errors in a submitted transfer list; empty when it may be submitted. */
export function validateTransferList(input: Form<typeof TransferListForm>): FieldError[] {
  return formErrors(TransferListForm, input);
}

/** A list item as the verification sees it: its kind and, for a system, its protection level. */
export interface VerifiedItemFacts {
  kind: string;
  description?: string;
  protectionLevel?: number;
}

/**
 * Field errors in a verification of a list with `itemCount` items whose hash is `currentHash`.
 * Given the list's `items`, an accepted information system also needs the receiving unit's
 * declared protection level, not lower than the list's (003 第三十一条).
 */
export function validateVerification(
  input: Form<typeof VerificationForm>,
  itemCount: number,
  currentHash: string,
  items?: readonly VerifiedItemFacts[],
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
    const item = items?.[n - 1];
    if (r.verdict === 'accepted' && item?.kind === 'information_system' && item.protectionLevel !== undefined) {
      const field = `results[item=${n}].protectionLevel`;
      if (r.protectionLevel === undefined)
        errors.push({
          field,
          message: `第 ${n} 项为信息系统（移交前等级保护第 ${item.protectionLevel} 级）：接收方须申报接收后的等级保护级别，003 第三十一条要求交接后的保护水平不低于交接前`,
        });
      else if (r.protectionLevel < item.protectionLevel)
        errors.push({
          field,
          message: `第 ${n} 项：接收方申报的等级保护级别（第 ${r.protectionLevel} 级）低于移交前（第 ${item.protectionLevel} 级），003 第三十一条要求交接后的数据安全保护水平不低于交接前，不能接收`,
        });
    }
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
