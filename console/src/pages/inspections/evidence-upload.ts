// Uploading an evidence file to an inspection (POST /inspections/{id}/evidence, multipart `file`)
// with progress: fetch reports no upload progress, so this one request goes through XHR with the
// session's CSRF header (README, Supervision inspections: ≤ 10 MiB, PDF/PNG/JPEG/DOCX/XLSX/text).
import { sessionHeaders } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import type { components } from '../../api/schema.js';

export type EvidenceFile = components['schemas']['EvidenceFile'];

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt';

export function uploadEvidence(
  inspectionId: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<EvidenceFile> {
  if (file.size > EVIDENCE_MAX_BYTES)
    return Promise.reject(new ApiError(413, 'payload_too_large', '文件超过 10 MB，请压缩或拆分后再上传。'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/inspections/${encodeURIComponent(inspectionId)}/evidence`);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(sessionHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) return resolve(body as EvidenceFile);
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(new ApiError(xhr.status, error?.code ?? 'internal', error?.message ?? '上传失败，请稍后重试。'));
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
