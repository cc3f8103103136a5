// The API answers every refusal as { error: { code, message, details } } with a Chinese message;
// the console shows that message, and field errors next to their fields.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/**
 * Messages for every code the API answers with (api/errors.ts ERROR_STATUS), used when an answer
 * carries no message (a proxy's error page, an empty body), plus `network` for no answer at all.
 */
export const FALLBACK: Record<string, string> = {
  network: '无法连接服务器，请检查网络后重试。',
  validation_failed: '填写的内容有误，请按提示修改后重试。',
  bad_request: '请求有误，请刷新页面后重试。',
  unauthenticated: '会话已结束，请重新登录。',
  forbidden: '您的角色无权进行此操作。',
  csrf_failed: '页面已过期，请刷新页面后重试。',
  not_found: '没有找到该内容，或它不在您的管辖范围内。',
  conflict: '该内容已被他人更改，请刷新页面后重试。',
  task_claimed: '该任务已由同事认领。',
  idempotency_key_reused: '重复提交的内容与首次不同，请刷新页面后重试。',
  idempotency_in_progress: '上一次提交仍在处理中，请稍候。',
  locked: '该内容已锁定，暂时不能更改。',
  payload_too_large: '文件或内容过大，请缩小后重试。',
  unsupported_media_type: '不支持该文件类型。',
  unavailable: '服务暂时不可用，请稍后重试。',
  internal: '服务器出错，请稍后重试；如仍出错请联系管理员。',
};

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  423: 'locked',
  503: 'unavailable',
};

/** An ApiError from an openapi-fetch answer's `error` and `response`. */
export function toApiError(error: unknown, response: Response | undefined): ApiError {
  const status = response?.status ?? 0;
  const body = (error as { error?: { code?: string; message?: string; details?: unknown; requestId?: string } })?.error;
  const code = body?.code ?? STATUS_CODES[status] ?? (status === 0 ? 'network' : 'internal');
  const details = body?.details as { fields?: FieldError[] } | undefined;
  return new ApiError(
    status,
    code,
    body?.message ?? FALLBACK[code] ?? FALLBACK.internal!,
    details?.fields ?? [],
    body?.requestId,
  );
}

/** The data of an openapi-fetch answer, or the ApiError it stands for. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw new ApiError(0, 'network', FALLBACK.network!);
  }
  if (answer.error !== undefined || !answer.response.ok) throw toApiError(answer.error, answer.response);
  return answer.data as T;
}

export const messageOf = (e: unknown): string =>
  e instanceof ApiError ? e.message : e instanceof Error ? e.message : FALLBACK.internal!;
