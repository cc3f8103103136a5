// The notice process's task forms (公文签收; 000 第三十五条): one strict zod schema each, used by the
// workflow's Update validators, the API's check and the tasks' `formSchema`. No I/O here.
import { z } from 'zod';
import { formErrors, text } from './forms.js';
import type { FieldError } from './tasks.js';

/** 签收: the real name of the person signing for receipt. */
export const ReceiptForm = z.strictObject({
  receiverName: text(50, 2, '须为签收人的真实姓名（2–50 个字符）'),
  remark: text(500).optional(),
});

/** Field errors in a receipt. */
export function validateReceipt(input: z.input<typeof ReceiptForm>): FieldError[] {
  return formErrors(ReceiptForm, input);
}
