// Recorded workflow histories for the replay test. With RECORD_HISTORIES=1, a test that drives a
// process to its end saves that process's history under test/histories/ (to be committed), in
// the JSON the Temporal CLI prints and the SDK's replayer reads.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Client } from '@temporalio/client';
import { findTemporalCli } from '../../scripts/toolchain.mjs';

export const HISTORIES_DIR = new URL('../histories/', import.meta.url);

/** Saves the history of `workflowId` as test/histories/`name`.json when RECORD_HISTORIES=1. */
export async function recordHistory(temporal: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await temporal.workflow.getHandle(workflowId).result(); // the whole history, to its completion
  const json = execFileSync(
    findTemporalCli().path!,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', inject('temporalAddress'), '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  writeFileSync(new URL(`${name}.json`, HISTORIES_DIR), json);
}

/**
 * Saves the history of the first workflow `query` (a visibility query) lists, when RECORD_HISTORIES=1:
 * for a workflow whose id the test does not know (api/issue-in-worker.ts derives it from the request).
 */
export async function recordListedHistory(temporal: Client, query: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  for (let attempt = 0; attempt < 50; attempt++) {
    for await (const execution of temporal.workflow.list({ query }))
      return recordHistory(temporal, execution.workflowId, name);
    await new Promise((resolve) => setTimeout(resolve, 200)); // visibility is eventually consistent
  }
  throw new Error(`no workflow for ${query}`);
}
