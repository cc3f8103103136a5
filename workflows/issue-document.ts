// A document the API issues on request (检查情况报告, 责任追究年度汇总): the API gathers the figures,
// starts this workflow and waits for its number (api/issue-in-worker.ts); the PDF is printed by the
// worker on the rendering queue like every other document, never by the API process (README "At scale").
// One number per content stays `issueOnce`'s: the same content again returns its latest edition.
import type { IssuedDocument, IssueOnceInput } from '../activities/documents.js';
import { renderingActivities } from './rendering.js';

export async function issueDocumentWorkflow(input: IssueOnceInput): Promise<IssuedDocument & { existing: boolean }> {
  return renderingActivities().issueOnce(input);
}
