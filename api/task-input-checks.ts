// Checks on a task's input that need the database, run by the inbox before the workflow's Update
// (whose validator must stay pure). Keyed by task type.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accountabilityCases, evidenceFiles, type Task } from '../db/schema.js';
import type { FieldError } from '../domain/tasks.js';

type InputCheck = (db: Db, task: Task, input: Record<string, unknown>) => Promise<FieldError[]>;

/** Evidence ids cited in answers or reports must be files uploaded to this very inspection. */
const evidenceOfThisInspection =
  (listField: 'answers' | 'reports'): InputCheck =>
  async (db, task, input) => {
    const entries = Array.isArray(input[listField]) ? (input[listField] as { evidenceIds?: unknown }[]) : [];
    const cited = [
      ...new Set(
        entries
          .flatMap((e) => (Array.isArray(e?.evidenceIds) ? e.evidenceIds : []))
          .filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)),
      ),
    ];
    if (!cited.length) return [];
    const found = await db
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.inspectionId, task.workflowId), inArray(evidenceFiles.id, cited)));
    const missing = cited.filter((id) => !found.some((f) => f.id === id));
    return missing.length
      ? [
          {
            field: `${listField}.evidenceIds`,
            message: `不是本次检查上传的证据：${missing.join('、')}（请先用 POST /inspections/{id}/evidence 上传）`,
          },
        ]
      : [];
  };

/** Evidence cited in an accountability case's form must be files the case's unit uploaded (责任追究). */
const evidenceOfTheCaseUnit: InputCheck = async (db, task, input) => {
  const cited = [
    ...new Set(
      (Array.isArray(input.evidenceIds) ? input.evidenceIds : []).filter(
        (id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id),
      ),
    ),
  ];
  const caseId = Number((task.payload as { caseId?: unknown } | null)?.caseId);
  if (!cited.length || !Number.isInteger(caseId)) return [];
  const [kase] = await db
    .select({ unitId: accountabilityCases.unitId })
    .from(accountabilityCases)
    .where(eq(accountabilityCases.id, caseId));
  const found = await db
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.unitId, kase?.unitId ?? -1), inArray(evidenceFiles.id, cited)));
  const missing = cited.filter((id) => !found.some((f) => f.id === id));
  return missing.length ? [{ field: 'evidenceIds', message: `不是被追究单位已上传的证据：${missing.join('、')}` }] : [];
};

export const TASK_INPUT_CHECKS: Record<string, InputCheck> = {
  accountability_investigation: evidenceOfTheCaseUnit,
  accountability_statement: evidenceOfTheCaseUnit,
  accountability_rectification: evidenceOfTheCaseUnit,
  inspection_self_check: evidenceOfThisInspection('answers'),
  rectification_report: evidenceOfThisInspection('reports'),
};
