// A refusal shown where it belongs: the API's 422 field errors on their form fields, anything
// else as a message at the top of the page.
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface.js';
import { ApiError, messageOf } from '../../api/errors.js';

export function showRefusal(error: unknown, form: FormInstance, message: MessageInstance): void {
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = error instanceof ApiError ? error.fields.filter((f) => known.has(f.field.split('.')[0]!)) : [];
  if (fields.length > 0) {
    form.setFields(
      fields.map((f) => ({
        name: f.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
        errors: [f.message],
      })),
    );
  } else {
    void message.error(messageOf(error));
  }
}
