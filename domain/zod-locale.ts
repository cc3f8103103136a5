// zod's messages in Chinese (messages for people are Chinese; the field paths are for programs).
// Imported by the API's schemas and the task forms, so the workflow bundle speaks it too.
import { z } from 'zod';

z.config(z.locales.zhCN());
