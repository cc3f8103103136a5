// What an uploaded file really is, from its first bytes (issue 10, item 22): a declared type is a
// claim, the content is the fact. Only the types evidence may have (domain/inspections.ts
// EVIDENCE_LIMITS) are recognised; anything else is refused with 415 before it is stored.
const startsWith = (data: Uint8Array, bytes: readonly number[], offset = 0) =>
  data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
/** End of central directory record: 22 bytes plus a comment of at most 65535. */
const EOCD_SIZE = 22;

/**
 * The entry names of a ZIP archive, read from its central directory (found through the End of
 * Central Directory record, as any unzip does); undefined when `data` is not a well-formed
 * single-disk ZIP. A substring search would take any bytes that merely mention `word/`.
 */
export function zipEntryNames(data: Uint8Array): string[] | undefined {
  if (!startsWith(data, ZIP) || data.length < EOCD_SIZE) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  for (let at = data.length - EOCD_SIZE; at >= Math.max(0, data.length - EOCD_SIZE - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_SIZE + view.getUint16(at + 20, true) === data.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryStart = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || directoryStart + directorySize > eocd) return undefined;
  const names: string[] = [];
  let at = directoryStart;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_ENTRY_SIGNATURE) return undefined;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeader = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > eocd || !startsWith(data, ZIP, localHeader)) return undefined;
    names.push(Buffer.from(data.buffer, data.byteOffset + at + 46, nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** An Office Open XML package: a real ZIP whose directory lists `[Content_Types].xml` and a part under `folder`. */
function isOfficePackage(data: Uint8Array, folder: string): boolean {
  const names = zipEntryNames(data);
  return !!names && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(`${folder}/`));
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
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (d) => isOfficePackage(d, 'word'),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (d) => isOfficePackage(d, 'xl'),
  'text/plain': isPlainText,
};

/** Whether `data` is what `declaredType` says it is; false for a type not recognised here. */
export function contentMatchesType(data: Uint8Array, declaredType: string): boolean {
  return SNIFFERS[declaredType]?.(data) ?? false;
}
