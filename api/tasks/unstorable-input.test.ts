// One bad character must not jam a process (issue 10, item 8): text PostgreSQL cannot store is
// refused at once, by the API and again by the workflow's Update validator, before it enters
// history; the task then completes with clean input. An activity the database refuses for its data
// fails non-retryably instead of looping. Uploads are what their content says (item 22). Every
// task's `formSchema` is its domain form's JSON Schema (item 10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { evidenceFiles, tasks, type Task } from '../../db/schema.js';
import { createActivities } from '../../activities/index.js';
import { formJsonSchema } from '../../domain/forms.js';
import { taskForm } from '../../domain/task-forms.js';
import { FAILURE_TYPES } from '../../domain/tasks.js';
import { acknowledgeReceiptUpdate } from '../../workflows/notice-receipt.js';
import { extendHandoverDueUpdate } from '../../workflows/handover.js';
import type { Caller } from '../../test/support/app.js';
import { storedZip } from '../../test/support/zip.js';
import { createTestAppWithWorker, type TestAppWithWorker } from '../../test/support/worker.js';
import { startNoticeReceipt } from '../../test/support/notice-receipt.js';

describe('unstorable input and uploads', () => {
  let t: TestAppWithWorker;
  beforeAll(async () => {
    t = await createTestAppWithWorker();
  });
  afterAll(() => t?.close());

  async function openTask(where: ReturnType<typeof and>, timeout = 30_000): Promise<Task> {
    let found: Task | undefined;
    await expect
      .poll(
        async () =>
          ([found] = await t.database.db
            .select()
            .from(tasks)
            .where(and(where, eq(tasks.status, 'open')))).length,
        { timeout, interval: 100 },
      )
      .toBe(1);
    return found!;
  }
  const rawPost = (caller: Caller, path: string, body: string) =>
    t.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
      body,
    });
  const historyHasUpdates = async (workflowId: string) =>
    (await t.temporal.workflow.getHandle(workflowId).fetchHistory()).events!.some(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes,
    );

  it('a receipt with NUL or a lone surrogate is a 422 at once, never enters history, and the task still completes', async () => {
    const { id } = await startNoticeReceipt(t, {
      recipientUnitId: await t.unitId('金水区总医院'),
      title: '关于坏字符测试的通知',
      paragraphs: ['请签收。'],
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const task = await openTask(eq(tasks.workflowId, id));
    expect(task.formSchema).toEqual(formJsonSchema(taskForm('notice_receipt')!));
    const staff = await t.as('jshosp.staff');

    for (const body of ['{"input":{"receiverName":"郑小\\u0000兰"}}', '{"input":{"receiverName":"郑小\\ud800兰"}}']) {
      const res = await rawPost(staff, `/tasks/${task.id}/complete`, body);
      expect(res.status).toBe(422);
      expect((await res.json()).error.details.fields).toEqual([
        { field: 'input.receiverName', message: expect.stringContaining('无法保存') },
      ]);
    }
    // The workflow's own validator refuses it too, for a caller that bypasses the API.
    const direct = t.temporal.workflow.getHandle(id).executeUpdate(acknowledgeReceiptUpdate, {
      args: [
        {
          taskId: task.id,
          taskKey: task.taskKey,
          actor: {
            userId: 1,
            username: 'jshosp.staff',
            realName: '郑小兰',
            unitId: task.assigneeUnitId,
            roles: ['unit_staff'],
          },
          input: { receiverName: '郑小\u0000兰' },
        },
      ],
    });
    const refused = await direct.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(FAILURE_TYPES.invalidInput);
    expect(await historyHasUpdates(id)).toBe(false);

    const ok = await staff.post(`/tasks/${task.id}/complete`, { input: { receiverName: '郑小兰' } });
    expect(ok.status).toBe(200);
    expect(await t.temporal.workflow.getHandle(id).result()).toMatchObject({ receivedBy: '郑小兰（郑小兰）' });
  });

  it('a handover extension with unstorable text is a 422 at once and a clean one still works; the database refusing an activity is not retried', async () => {
    const official = await t.as('jinshui.official');
    const started = await official.post('/handovers', {
      handingUnitId: await t.unitId('金水区疾病预防控制中心'),
      receivingUnitId: await t.unitId('金水区总医院'),
      reason: 'merger',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(started.status).toBe(201);
    const { id } = await started.json();
    const listTask = await openTask(eq(tasks.workflowId, id));
    expect(listTask.formSchema).toEqual(formJsonSchema(taskForm('handover_transfer_list')!));
    const newDue = new Date(Date.now() + 10 * 86_400_000).toISOString();

    for (const reason of ['机构改革\\u0000延期', '机构改革\\udfff延期']) {
      const res = await rawPost(official, `/handovers/${id}/extend`, `{"dueAt":"${newDue}","reason":"${reason}"}`);
      expect(res.status).toBe(422);
      expect((await res.json()).error.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    }
    const direct = await t.temporal.workflow
      .getHandle(id)
      .executeUpdate(extendHandoverDueUpdate, {
        args: [
          {
            dueAt: newDue,
            reason: '机构改革\u0000延期',
            actor: { userId: 1, username: 'jinshui.official', realName: '吴清', unitId: 1, roles: ['official'] },
          },
        ],
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(((direct as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(FAILURE_TYPES.invalidInput);
    expect(await historyHasUpdates(id)).toBe(false);

    const extended = await official.post(`/handovers/${id}/extend`, {
      dueAt: newDue,
      reason: '机构改革方案待批复，延期三天',
    });
    expect(extended.status).toBe(200);
    expect((await extended.json()).dueAt).toBe(newDue);

    // An activity whose data PostgreSQL refuses fails for good at once (no retry loop), and writes nothing.
    const activities = createActivities({ db: t.database.db, renderer: t.renderer, clock: () => new Date() });
    const failure = await activities
      .completeTask({
        taskId: listTask.id,
        result: { note: 'a\u0000b' },
        actor: { userId: 1, username: 'x', realName: 'x', unitId: 1, roles: [] },
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FAILURE_TYPES.unstorableInput, nonRetryable: true });
    expect((await t.database.db.select().from(tasks).where(eq(tasks.id, listTask.id)))[0]!.status).toBe('open');
  });

  it('evidence whose content is not its declared type is refused with 415 and nothing is stored', async () => {
    const zz = await t.as('zz.official');
    const {
      items: [template],
    } = await (await zz.get('/checklist-templates')).json();
    const plan = await zz.post('/inspection-plans', {
      title: '上传类型检查',
      templateId: template.id,
      targets: { unitIds: [await t.unitId('金水区总医院')] },
    });
    expect(plan.status).toBe(201);
    const selfCheck = await openTask(
      and(
        like(tasks.workflowId, `inspection-run-${(await plan.json()).id}%`),
        eq(tasks.type, 'inspection_self_check'),
      )!,
    );
    expect(selfCheck.formSchema).toEqual(formJsonSchema(taskForm('inspection_self_check')!));
    const staff = await t.as('jshosp.staff');
    const upload = (name: string, type: string, bytes: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.set('file', new Blob([bytes], { type }), name);
      return t.app.request(`/inspections/${encodeURIComponent(selfCheck.workflowId)}/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff.token}` },
        body: form,
      });
    };
    const exe = new Uint8Array([
      0x4d,
      0x5a,
      0x90,
      0x00,
      0x03,
      0x00,
      0x00,
      0x00,
      0x04,
      0x00,
      ...new TextEncoder().encode('This program cannot be run in DOS mode.'),
    ]);
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    );
    const before = await t.database.db.$count(evidenceFiles);
    for (const [name, type, bytes] of [
      ['report.pdf', 'application/pdf', exe],
      ['photo.png', 'image/png', svg],
      ['sheet.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exe],
      ['notes.txt', 'text/plain', exe],
    ] as const) {
      const res = await upload(name, type, bytes);
      expect(res.status, name).toBe(415);
      expect((await res.json()).error).toMatchObject({
        code: 'unsupported_media_type',
        message: expect.stringContaining(type),
      });
    }
    expect(await t.database.db.$count(evidenceFiles)).toBe(before);
    // Real files of the declared type are taken.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect((await upload('photo.png', 'image/png', png)).status).toBe(201);
    expect(
      (await upload('notes.txt', 'text/plain', new TextEncoder().encode('备份恢复演练记录\n2026-11-01'))).status,
    ).toBe(201);
    expect((await upload('a.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.4\n%%EOF\n'))).status).toBe(201);
  });

  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  /** A new inspection of 金水区总医院 and a sender of evidence to it, as its staff. */
  async function evidenceSender(title: string) {
    const zz = await t.as('zz.official');
    const {
      items: [template],
    } = await (await zz.get('/checklist-templates')).json();
    const plan = await zz.post('/inspection-plans', {
      title,
      templateId: template.id,
      targets: { unitIds: [await t.unitId('金水区总医院')] },
    });
    expect(plan.status).toBe(201);
    const selfCheck = await openTask(
      and(
        like(tasks.workflowId, `inspection-run-${(await plan.json()).id}%`),
        eq(tasks.type, 'inspection_self_check'),
      )!,
    );
    const staff = await t.as('jshosp.staff');
    const send = (sent: { body: Uint8Array<ArrayBuffer>; contentType: string }, key?: string) =>
      t.app.request(`/inspections/${encodeURIComponent(selfCheck.workflowId)}/evidence`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${staff.token}`,
          'content-type': sent.contentType,
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: sent.body,
      });
    return { inspectionId: selfCheck.workflowId, send };
  }
  /** A multipart body built once, to be sent byte for byte again as a client's retry does. */
  const encoded = async (name: string, type: string, bytes: Uint8Array<ArrayBuffer>) => {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type }), name);
    const req = new Request('http://x/', { method: 'POST', body: form });
    return { body: new Uint8Array(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
  };

  it('a DOCX or XLSX must be a real ZIP package listing its parts; anything else is a 415 and nothing is stored', async () => {
    const { send } = await evidenceSender('上传 ZIP 检查');
    const before = await t.database.db.$count(evidenceFiles);
    const fakes: [string, string, Uint8Array<ArrayBuffer>][] = [
      [
        'evil.docx',
        DOCX,
        new Uint8Array(Buffer.from('PK\x03\x04evil.exe MZ payload word/ [Content_Types].xml', 'latin1')),
      ],
      ['noword.docx', DOCX, storedZip({ '[Content_Types].xml': '<Types/>', 'evil.exe': 'MZ' })],
      ['words.xlsx', XLSX, storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' })],
      ['cut.docx', DOCX, storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }).slice(0, -10)],
    ];
    for (const [name, type, bytes] of fakes) {
      const res = await send(await encoded(name, type, bytes));
      expect(res.status, name).toBe(415);
      expect((await res.json()).error.code, name).toBe('unsupported_media_type');
    }
    expect(await t.database.db.$count(evidenceFiles)).toBe(before);
    expect(
      (
        await send(
          await encoded(
            'sheet.xlsx',
            XLSX,
            storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<wb/>' }),
          ),
        )
      ).status,
    ).toBe(201);
  });

  it('a multipart upload with an Idempotency-Key is stored once and its answer replayed', async () => {
    const { inspectionId, send } = await evidenceSender('上传幂等检查');
    const docx = await encoded(
      'report.docx',
      DOCX,
      storedZip({ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<R/>', 'word/document.xml': '<w:document/>' }),
    );
    const key = `evidence-${crypto.randomUUID()}`;
    const first = await send(docx, key);
    expect(first.status).toBe(201);
    const stored = await first.json();
    const again = await send(docx, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(stored);
    expect(await t.database.db.$count(evidenceFiles, eq(evidenceFiles.inspectionId, inspectionId))).toBe(1);
  });
});
