// The steps of starting a handover (POST /handovers), each on its own: who the parties are and
// whether the caller may start it, the due date, the draft prefilled from the register, and the
// workflow's input. api/handovers/routes.ts runs them in order around the one transaction.
import { and, asc, eq } from 'drizzle-orm';
import { commissionsAbove } from '../../db/unit-tree.js';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../context.js';
import { AppError } from '../errors.js';
import { canSeeUnit, hasRole } from '../policy.js';
import { dataHoldings, deadlinePolicies, units, type Handover, type Unit } from '../../db/schema.js';
import { deadlineFrom } from '../../domain/deadline-arithmetic.js';
import type { HandoverStart } from '../../domain/handovers.js';

export interface HandoverParties {
  handing: Unit;
  receiving: Unit;
  supervising: Unit;
}

const unitById = async (db: Db, id: number) => (await db.select().from(units).where(eq(units.id, id)))[0];

/** The nearest commission above `unit`: it supervises the unit (属地管理). */
const supervisingCommission = async (db: Db, unit: Unit): Promise<Unit | undefined> =>
  (await commissionsAbove(db, unit))[0];

/** The three units of a handover the caller asks to start, or the refusal (404, 403, 422) saying why. */
export async function handoverParties(
  db: Db,
  user: CurrentUser,
  body: { handingUnitId: number; receivingUnitId: number },
): Promise<HandoverParties> {
  const handing = await unitById(db, body.handingUnitId);
  if (!handing || !canSeeUnit(user, handing)) throw new AppError('not_found', '未找到移交单位。');
  // Started by an official over the unit, or by the handing unit's own leader (000 第十九条).
  let supervising: Unit | undefined;
  if (hasRole(user, 'official') && handing.id !== user.unitId) supervising = await unitById(db, user.unitId);
  else if (hasRole(user, 'unit_leader') && handing.id === user.unitId)
    supervising = await supervisingCommission(db, handing);
  else
    throw new AppError(
      'forbidden',
      '仅负责监督的主管部门工作人员（official）或移交单位负责人（unit_leader）可以发起移交。',
    );
  if (!supervising)
    throw new AppError('validation_failed', `${handing.name}没有可监督移交的上级主管部门。`, {
      fields: [{ field: 'handingUnitId', message: '没有上级主管部门' }],
    });
  const receiving = await unitById(db, body.receivingUnitId);
  // 001 第十二条: to the superior, or to the unit that takes over its functions.
  const receivingAllowed =
    receiving &&
    receiving.id !== handing.id &&
    (receiving.id === handing.parentId || receiving.path.startsWith(supervising.path));
  if (!receivingAllowed)
    throw new AppError(
      'validation_failed',
      `接收单位须为${handing.name}的上级单位，或${supervising.name}辖区内的单位。`,
      {
        fields: [{ field: 'receivingUnitId', message: '须为上级单位或监督辖区内的单位' }],
      },
    );
  return { handing, receiving, supervising };
}

/** The due date asked for, or the handover.complete policy's from now; never in the past. */
export async function handoverDueAt(db: Db, requested: string | undefined): Promise<string> {
  let dueAt = requested;
  if (!dueAt) {
    const [policy] = await db.select().from(deadlinePolicies).where(eq(deadlinePolicies.key, 'handover.complete'));
    dueAt = deadlineFrom(policy ?? { unit: 'calendar_days', amount: 30 }, new Date()).at;
  }
  if (Date.parse(dueAt) <= Date.now())
    throw new AppError('validation_failed', '期限须晚于当前时间。', {
      fields: [{ field: 'dueAt', message: '须晚于当前时间' }],
    });
  return dueAt;
}

/** The draft starts as the unit's register (000 第十四条, 第三十条), ready to check and complete. */
export async function draftFromRegister(tx: Pick<Db, 'select'>, unitId: number) {
  const holdings = await tx
    .select()
    .from(dataHoldings)
    .where(and(eq(dataHoldings.unitId, unitId), eq(dataHoldings.status, 'active')))
    .orderBy(asc(dataHoldings.id));
  return holdings.map((h) => ({
    holdingId: h.id,
    kind: h.kind,
    description: h.description,
    recordCount: h.recordCount,
    volume: h.volume,
    format: h.format,
    sha256: h.sha256,
    storageLocation: { country: h.country, region: h.region },
    encryption: h.encryption,
    ...(h.serialNumber ? { serialNumber: h.serialNumber } : {}),
    // 000 第二十七条: a system's graded protection travels with it (003 第三十一条 compares it).
    ...(h.protectionLevel !== null ? { protectionLevel: h.protectionLevel } : {}),
    ...(h.filingNumber ? { filingNumber: h.filingNumber } : {}),
  }));
}

/** What the handover workflow starts from, read back from the committed row. */
export function handoverStartInput(
  row: Handover,
  parties: Pick<HandoverParties, 'handing' | 'receiving'>,
  remindBeforeSeconds: number,
): HandoverStart {
  return {
    handoverId: row.id,
    handingUnitId: row.handingUnitId,
    handingUnitName: parties.handing.name,
    receivingUnitId: row.receivingUnitId,
    receivingUnitName: parties.receiving.name,
    receivingVerifierRole: parties.receiving.kind === 'commission' ? 'official' : 'unit_staff',
    supervisingUnitId: row.supervisingUnitId,
    reason: row.reason,
    dueAt: row.dueAt.toISOString(),
    remindBeforeMs: remindBeforeSeconds * 1000,
  };
}
