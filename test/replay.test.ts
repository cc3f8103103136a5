// Replay guard (README, Development): every recorded history of a finished process must replay
// against today's workflow code. A change to a running process's steps that is not behind
// patched() fails here with a non-determinism error. Re-record with RECORD_HISTORIES=1.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from './support/histories.js';
import { PROCESSES } from '../domain/processes.js';

const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
const recorded = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('recorded histories replay against the current workflow code', () => {
  it('has the history each process registers (domain/processes.ts)', () => {
    expect(recorded).toEqual(expect.arrayContaining(PROCESSES.flatMap((p) => p.histories)));
  });

  it.each(recorded)('%s replays without non-determinism', async (file) => {
    // The CLI's JSON, as the replayer reads it (it converts JSON histories itself).
    const history: unknown = JSON.parse(readFileSync(new URL(file, HISTORIES_DIR), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowsPath }, history, file)).resolves.toBeUndefined();
  });
});
