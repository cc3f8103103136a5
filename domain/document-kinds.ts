// What each kind of official document (templates/<kind>.hbs) is called in Chinese: the documents list
// filters and labels by these names.
export const DOCUMENT_KIND_NAMES = {
  notice: '通知',
  circular: '通报',
  'rectification-notice': '整改通知书',
  'inspection-report': '监督检查情况报告',
  'case-rectification-notice': '责令整改通知书',
  'talk-notice': '约谈通知书',
  'admonition-notice': '诫勉通知书',
  'sanction-proposal': '处分建议书',
  'transfer-letter': '移送函',
  'accountability-summary': '问责情况报告',
  'transfer-list': '移交清单',
  'incident-alert': '预警通报',
  'incident-report': '事件报告',
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KIND_NAMES;
export const DOCUMENT_KIND_KEYS = Object.keys(DOCUMENT_KIND_NAMES) as [DocumentKind, ...DocumentKind[]];

/** The Chinese name of `kind`; an unknown kind (a template added later) shows as itself. */
export const documentKindName = (kind: string): string => (DOCUMENT_KIND_NAMES as Record<string, string>)[kind] ?? kind;
