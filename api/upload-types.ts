// What an uploaded file really is, from its first bytes (issue 10, item 22): a declared type is a
// claim, the content is the fact. Only the types evidence may have (domain/inspections.ts
// EVIDENCE_LIMITS) are recognised; anything else is refused with 415 before it is stored.
const startsWith = (data: Uint8Array, bytes: readonly number[], offset = 0) => data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Whether a ZIP archive holds an entry under `folder` (its name appears in a local file header). */
function zipHasEntryUnder(data: Uint8Array, folder: string): boolean {
  return startsWith(data, ZIP) && Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(`${folder}/`, 0, 'latin1') && Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes('[Content_Types].xml', 0, 'latin1');
}

/** UTF-8 text without NUL or other control characters than tab, line breaks and form feed. */
function isPlainText(data: Uint8Array): boolean {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(decoded);
}

const SNIFFERS: Record<string, (data: Uint8Array) => boolean> = {
  'application/pdf': (d) => startsWith(d, PDF),
  'image/png': (d) => startsWith(d, PNG),
  'image/jpeg': (d) => startsWith(d, JPEG),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (d) => zipHasEntryUnder(d, 'word'),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (d) => zipHasEntryUnder(d, 'xl'),
  'text/plain': isPlainText,
};

/** Whether `data` is what `declaredType` says it is; false for a type not recognised here. */
export function contentMatchesType(data: Uint8Array, declaredType: string): boolean {
  return SNIFFERS[declaredType]?.(data) ?? false;
}
