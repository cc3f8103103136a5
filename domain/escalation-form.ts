// The escalation task every process opens when a deadline passes (workflows/escalation.ts): the
// supervising or issuing official notes what was done about it. One strict schema (issue 10,
// item 10), used by the Update validator, the API's check and the task's `formSchema`.
import { z } from 'zod';
import { lazyForm, text } from './forms.js';

// Built on first use (lazyForm in forms.ts): every process imports it, few open an escalation.
export const EscalationForm = lazyForm(() =>
  z.strictObject({ note: text(500, 1, '请写明对逾期采取的措施（不超过 500 字）') }),
);
