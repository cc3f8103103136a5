// zod's messages in Chinese (messages for people are Chinese; the field paths are for programs).
// Imported by the API's schemas and the task forms, so the workflow bundle speaks it too.
// zod's own zh-CN locale leaves type names in English ("数值过小：期望 number >=1", "期望 int");
// the messages a person most often meets (a wrong type, too small, too big) are written here in
// full, the rest come from that locale.
import { z } from 'zod';

const zhCN = z.locales.zhCN().localeError!;

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  null: '空值（null）',
  undefined: '空（未填写）',
  nan: '非数字',
  date: '日期',
  file: '文件',
};
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

/** "至少"/"最多" `n` in the terms of what is measured (`origin`). */
function bound(origin: string, n: string, inclusive: boolean, small: boolean): string | undefined {
  const unit = { string: ' 个字符', array: ' 项', set: ' 项', file: ' 字节' }[origin];
  if (unit !== undefined) return `${small ? '至少' : '最多'} ${n}${unit}`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint')
    return inclusive ? `${small ? '不能小于' : '不能大于'} ${n}` : `${small ? '须大于' : '须小于'} ${n}`;
  if (origin === 'date') return `${small ? '不能早于' : '不能晚于'} ${n}`;
  return undefined;
}

const localeError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `必填：须为${typeName(issue.expected)}`;
      if (issue.expected === 'int' && typeof issue.input === 'number') return '须为整数';
      if (/^[a-z]/.test(issue.expected))
        return `无效输入：须为${typeName(issue.expected)}，收到的是${typeName(z.core.util.getParsedType(issue.input))}`;
      break;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const text = bound(issue.origin, String(small ? issue.minimum : issue.maximum), issue.inclusive ?? true, small);
      if (text) return text;
      break;
    }
  }
  return zhCN(issue);
};

z.config({ localeError });

// The workflow bundle loads zod and this file once and shares them, frozen, between workflows
// (scripts/workflow-bundle-options.ts). zod fills parts of its global state on first use (its
// default memoizer, whether it may compile parsers); using it once here, while that state can
// still be written, leaves nothing for zod to write later.
const warmUp = z.strictObject({ warmUp: z.array(z.string().min(1)).max(1) });
warmUp.safeParse({ warmUp: [''] });
warmUp.safeParse({ warmUp: ['x'] });
z.toJSONSchema(warmUp, { io: 'input' });
