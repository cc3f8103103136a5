// zod's messages in Chinese (messages for people are Chinese; the field paths are for programs).
// Imported by the API's schemas and the task forms, so the workflow bundle speaks it too.
import { z } from 'zod';

z.config(z.locales.zhCN());

// The workflow bundle loads zod and this file once and shares them, frozen, between workflows
// (scripts/workflow-bundle-options.ts). zod fills parts of its global state on first use (its
// default memoizer, whether it may compile parsers); using it once here, while that state can
// still be written, leaves nothing for zod to write later.
const warmUp = z.strictObject({ warmUp: z.array(z.string().min(1)).max(1) });
warmUp.safeParse({ warmUp: [''] });
warmUp.safeParse({ warmUp: ['x'] });
z.toJSONSchema(warmUp, { io: 'input' });
