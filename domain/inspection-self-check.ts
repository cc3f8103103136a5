// The self-check task of one unit's inspection, as the unit's workflow asks for it and as the run
// creates it for a whole batch of units at once (activities/inspections.ts, openUnitInspections):
// both must make the same row, so the workflow started later adopts the run's. No I/O here.
import type { ChecklistItem } from './inspections.js';
import type { TaskSpec } from './tasks.js';

/** What the self-check task says, from the plan's facts for the unit. */
export interface SelfCheckFacts {
  planTitle: string;
  unitName: string;
  templateId: number;
  items: ChecklistItem[];
  selfCheckDueAt: string;
  remindBeforeMs: number;
}

/**
 * A unit's inspection id, also its workflow id: URL-safe (`GET /inspections/{id}` needs no
 * percent-encoding). Runs started before this form keep `…/unit-N` for the children they start.
 */
export const unitInspectionId = (runId: string, unitId: number) => `${runId}.unit-${unitId}`;

export const SELF_CHECK_TASK_KEY = 'self-check';
export const SELF_CHECK_UPDATE_NAME = 'submitSelfCheck';

/** The reminder before `dueAt` the plan asks for (none when it asks for none). */
export const reminderBefore = (remindBeforeMs: number, dueAt: string): string[] =>
  remindBeforeMs > 0 ? [new Date(Date.parse(dueAt) - remindBeforeMs).toISOString()] : [];

export function selfCheckTaskSpec(
  facts: SelfCheckFacts,
  inspectionId: string,
  unitId: number,
): Omit<TaskSpec, 'workflowId' | 'updateName'> {
  return {
    key: SELF_CHECK_TASK_KEY,
    type: 'inspection_self_check',
    title: `自查：${facts.planTitle}（${facts.unitName}）`,
    assigneeUnitId: unitId,
    assigneeRole: 'unit_staff',
    dueAt: facts.selfCheckDueAt,
    remindAt: reminderBefore(facts.remindBeforeMs, facts.selfCheckDueAt),
    payload: { inspectionId, templateId: facts.templateId, items: facts.items },
  };
}
