// Documents the API issues on request (the inspection run report, the yearly accountability summary)
// are printed by the worker, on the rendering queue like every other document (README "At scale"):
// the API gathers the figures, runs issueDocumentWorkflow and waits for its number. The API process
// never starts Chromium.
import { createHash } from 'node:crypto';
import type { Duration } from '@temporalio/common';
import type { IssuedDocument, IssueOnceInput } from '../activities/documents.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { issueDocumentWorkflow } from '../workflows/issue-document.js';
import type { AppDeps } from './context.js';
import { AppError } from './errors.js';

/** How long a request waits for the worker's document unless AppDeps says otherwise. */
export const DOCUMENT_ISSUE_TIMEOUT: Duration = '2 minutes';

/**
 * The workflow id of issuing `input`: the request's content (data, issuer, caller, the new edition's
 * key), so a retry of a request still being printed joins it instead of printing beside it. Once
 * that run has closed, the same id starts a new one, which finds the document issueOnce stored.
 */
export function issueDocumentWorkflowId(input: IssueOnceInput): string {
  return `issue-document-${input.kind}-${createHash('sha256').update(canonicalJson(input)).digest('hex')}`;
}

/**
 * Issues `input` through issueOnce in the worker and waits for it. Temporal unreachable, or no
 * worker printing it in time: 503 naming the document, the caller retries (same content, same number).
 */
export async function issueInWorker(
  {
    temporal,
    env,
    logger,
    documentIssueTimeout,
  }: Pick<AppDeps, 'temporal' | 'env' | 'logger' | 'documentIssueTimeout'>,
  input: IssueOnceInput,
): Promise<IssuedDocument & { existing: boolean }> {
  const workflowId = issueDocumentWorkflowId(input);
  try {
    return await temporal.workflow.execute(issueDocumentWorkflow, {
      args: [input],
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      workflowId,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowExecutionTimeout: documentIssueTimeout ?? DOCUMENT_ISSUE_TIMEOUT,
    });
  } catch (err) {
    logger.warn({ err, workflowId }, 'document not issued by the worker');
    throw new AppError('unavailable', `《${input.title}》暂时无法出具（流程服务或文书打印不可用），请稍后重试。`);
  }
}
