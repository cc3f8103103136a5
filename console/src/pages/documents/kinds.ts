// The kinds of official document the list filters by, in Chinese. Keyed by the API's own enum, so a
// kind added to the API breaks the type-check until it is named here.
import type { paths } from '../../api/schema.js';

export type DocumentKind = NonNullable<NonNullable<paths['/documents']['get']['parameters']['query']>['kind']>;

export const KIND_NAMES: Record<DocumentKind, string> = {
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
};

export const isKind = (value: string | null): value is DocumentKind => !!value && value in KIND_NAMES;
