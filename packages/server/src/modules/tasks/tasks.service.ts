import { AppError, cityOrganisationCode, unitCodeByName } from '@qunce/core';
import {
  collectiveCityUnit,
  type PolicyDocument,
  type ReviewTaskReportRequest,
  reportPeriodDue,
  type SubmitTaskReportRequest,
  type TaskDutyKind,
  type TaskDutyView,
  type TaskReportView,
  type TaskView,
  type TodoResponse,
  taskDutyKindLabels,
} from '@qunce/core/targets';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  type PolicyTaskRow,
  policyTasks,
  type TaskDutyRow,
  type TaskReportRow,
  targetDefinitions,
  taskDuties,
  taskReports,
} from '../../db/schema/index.ts';
import type { Actor } from '../attachments/attachments.service.ts';
import { getReadableAttachment } from '../attachments/attachments.service.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { readCitiesFile } from '../reference/reference.seed.ts';
import {
  findDutyRow,
  findReportByKey,
  findReportRow,
  findTaskRow,
  listDutyRows,
  listReportRows,
  listTaskRows,
} from './tasks.repository.ts';

/** Organisation codes of the policy's units: "各市人民政府" becomes the 16 city bureaus. */
export function departmentCodesOf(units: readonly string[]): string[] {
  const out: string[] = [];
  for (const unit of units) {
    const codes =
      unit === collectiveCityUnit
        ? readCitiesFile().cities.map((c) => cityOrganisationCode(c.code))
        : [unitCodeByName(unit)].filter((c): c is string => c !== undefined);
    for (const code of codes) if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** The policy's 14 key tasks (2.x.y) and 4 guarantee measures (3.x); idempotent. */
export async function seedPolicyTasks(db: DbOrTx, setCode: string, policy: PolicyDocument): Promise<void> {
  const rows = policy.tasks.map((t, i) => ({
    setCode,
    code: t.code,
    kind: t.code.startsWith('3.') ? ('guarantee' as const) : ('key_task' as const),
    area: t.area,
    title: t.title,
    units: t.units,
    departmentCodes: departmentCodesOf(t.units),
    recurring: t.recurring ?? null,
    mechanisms: t.mechanisms ?? [],
    sortOrder: i,
  }));
  if (rows.length > 0) await db.insert(policyTasks).values(rows).onConflictDoNothing();
}

/** The organisation a user acts for: a department's code, else the user's organisation. */
export function actingOrganisation(user: SessionUser): string | null {
  if (user.scope.kind === 'department' && user.scope.departmentCode) return user.scope.departmentCode;
  return user.organisation?.code ?? null;
}

const isProvince = (user: SessionUser) => user.scope.kind === 'province';

const notFound = (what: string) => new AppError('not_found', `未找到 / not found: ${what}`);

/** Tasks outside a department's own are 404 (existence not disclosed), as for every scoped item. */
function assertTaskVisible(user: SessionUser, task: PolicyTaskRow): void {
  if (isProvince(user)) return;
  const org = actingOrganisation(user);
  if (!org || !task.departmentCodes.includes(org)) throw notFound(`task ${task.code}`);
}

async function targetCodesByTask(db: DbOrTx, setCode: string): Promise<Map<string, string[]>> {
  const defs = await db
    .select({ code: targetDefinitions.code, definition: targetDefinitions.definition })
    .from(targetDefinitions)
    .where(eq(targetDefinitions.setCode, setCode));
  const map = new Map<string, string[]>();
  for (const d of defs) {
    const list = map.get(d.definition.taskCode) ?? [];
    if (!list.includes(d.code)) list.push(d.code);
    map.set(d.definition.taskCode, list);
  }
  return map;
}

function toTaskView(row: PolicyTaskRow, targets: Map<string, string[]>): TaskView {
  return {
    setCode: row.setCode,
    code: row.code,
    kind: row.kind,
    area: row.area,
    title: row.title,
    units: row.units,
    departmentCodes: row.departmentCodes,
    recurring: row.recurring,
    mechanisms: row.mechanisms,
    targets: targets.get(row.code) ?? [],
  };
}

export function toReportView(row: TaskReportRow): TaskReportView {
  const dueOn = reportPeriodDue(row.period);
  return {
    id: row.id,
    setCode: row.setCode,
    taskCode: row.taskCode,
    departmentCode: row.departmentCode,
    period: row.period,
    text: row.text,
    figures: row.figures,
    attachmentIds: row.attachmentIds,
    status: row.status,
    returnReason: row.returnReason,
    submittedAt: row.submittedAt.toISOString(),
    submittedBy: row.submittedBy,
    reviewedAt: row.reviewedAt ? row.reviewedAt.toISOString() : null,
    reviewedBy: row.reviewedBy,
    dueOn,
    isLate: chinaDay(row.submittedAt) > dueOn,
    version: row.version,
  };
}

/** The calendar date in China (UTC+8) of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Tasks of a set the user may see: all for the province, a department's own otherwise. */
export async function listTasks(db: DbOrTx, user: SessionUser, setCode: string): Promise<TaskView[]> {
  const org = isProvince(user) ? null : actingOrganisation(user);
  if (!isProvince(user) && !org) return [];
  const rows = await listTaskRows(db, setCode, org);
  const targets = await targetCodesByTask(db, setCode);
  return rows.map((r) => toTaskView(r, targets));
}

export async function getTask(db: DbOrTx, user: SessionUser, setCode: string, code: string) {
  const row = await findTaskRow(db, setCode, code);
  if (!row) throw notFound(`task ${code}`);
  assertTaskVisible(user, row);
  const reports = await listReportRows(db, {
    setCode,
    taskCode: code,
    departmentCode: isProvince(user) ? null : actingOrganisation(user),
  });
  return { ...toTaskView(row, await targetCodesByTask(db, setCode)), reports: reports.map(toReportView) };
}

/**
 * A department submits (or, after a return, resubmits) its progress report on one of its own tasks
 * for a half-year. Another department's task is 404. An accepted report is locked (423); a report
 * still awaiting review may be replaced (version + 1).
 */
export async function submitTaskReport(
  db: Db,
  user: SessionUser,
  setCode: string,
  taskCode: string,
  input: SubmitTaskReportRequest,
  actor: Actor,
): Promise<TaskReportView> {
  const task = await findTaskRow(db, setCode, taskCode);
  if (!task) throw notFound(`task ${taskCode}`);
  assertTaskVisible(user, task);
  const departmentCode = isProvince(user) ? input.departmentCode : actingOrganisation(user);
  if (!departmentCode || !task.departmentCodes.includes(departmentCode)) {
    throw new AppError('invalid_input', '请指定该任务的责任单位 / name one of the task’s departments', {
      field: 'departmentCode',
      departments: task.departmentCodes,
    });
  }
  // Evidence must be files the reporter uploaded (or may read): 404 otherwise.
  for (const id of input.attachmentIds) await getReadableAttachment(db, user, id);
  const key = { setCode, taskCode, departmentCode, period: input.period };
  return db.transaction(async (tx) => {
    const existing = await findReportByKey(tx, key);
    if (existing?.status === 'accepted') {
      throw new AppError('locked', '报告已通过审核，不能修改 / the report has been accepted and is locked', {
        reportId: existing.id,
      });
    }
    const values = {
      ...key,
      text: input.text,
      figures: input.figures,
      attachmentIds: input.attachmentIds,
      status: 'submitted' as const,
      returnReason: null,
      submittedAt: actor.at,
      submittedBy: actor.actorName,
      reviewedAt: null,
      reviewedBy: null,
    };
    const [row] = existing
      ? await tx
          .update(taskReports)
          .set({ ...values, version: existing.version + 1 })
          .where(eq(taskReports.id, existing.id))
          .returning()
      : await tx.insert(taskReports).values(values).returning();
    if (!row) throw new Error('task report write returned no row');
    await appendAudit(tx, {
      ...actor,
      action: existing ? 'tasks.report_resubmitted' : 'tasks.report_submitted',
      entityType: 'task_report',
      entityId: row.id,
      before: existing ? { status: existing.status, version: existing.version } : null,
      after: { ...key, status: row.status, version: row.version, attachmentIds: row.attachmentIds },
    });
    return toReportView(row);
  });
}

/** The province accepts a submitted report or returns it with a reason (optimistic version check). */
export async function reviewTaskReport(
  db: Db,
  id: string,
  input: ReviewTaskReportRequest,
  actor: Actor,
): Promise<TaskReportView> {
  return db.transaction(async (tx) => {
    const row = await findReportRow(tx, id);
    if (!row) throw notFound(`report ${id}`);
    if (row.version !== input.version) {
      throw new AppError('conflict', '报告已被修改，请刷新 / the report was changed: reload', {
        reason: 'stale_version',
        currentVersion: row.version,
        sentVersion: input.version,
      });
    }
    if (row.status !== 'submitted') {
      throw new AppError(
        'rule_violated',
        `只能审核待审报告 / only a submitted report can be reviewed (${row.status})`,
        {
          status: row.status,
        },
      );
    }
    const [updated] = await tx
      .update(taskReports)
      .set({
        status: input.decision === 'accept' ? 'accepted' : 'returned',
        returnReason: input.decision === 'return' ? input.reason : null,
        reviewedAt: actor.at,
        reviewedBy: actor.actorName,
        version: row.version + 1,
      })
      .where(and(eq(taskReports.id, id), eq(taskReports.version, row.version)))
      .returning();
    if (!updated)
      throw new AppError('conflict', '报告已被修改 / the report was changed', { reason: 'stale_version' });
    await appendAudit(tx, {
      ...actor,
      action: input.decision === 'accept' ? 'tasks.report_accepted' : 'tasks.report_returned',
      entityType: 'task_report',
      entityId: id,
      before: { status: row.status },
      after: { status: updated.status, reason: updated.returnReason },
    });
    return toReportView(updated);
  });
}

export async function listTaskReports(
  db: DbOrTx,
  user: SessionUser,
  setCode: string,
  filter: { taskCode?: string | undefined; status?: 'submitted' | 'accepted' | 'returned' | undefined },
): Promise<TaskReportView[]> {
  const org = isProvince(user) ? null : actingOrganisation(user);
  if (!isProvince(user) && !org) return [];
  const rows = await listReportRows(db, { setCode, ...filter, departmentCode: org });
  return rows.map(toReportView);
}

type DutySpec = { kind: TaskDutyKind; period: string; dueOn: string; title: string };

/**
 * The duties of a year: half-year progress reports of every provincial department on each of its
 * tasks (due 15 July and 15 January), and the recurring duties the policy names — 2.5.1 the annual
 * cluster cooperation activity (by 31 December), 3.1 the annual promotion plan (by 31 March) and the
 * progress meetings ("定期", scheduled half-yearly: 30 June, 31 December). Idempotent.
 */
export function dutiesOfYear(task: PolicyTaskRow, year: number): Map<string, DutySpec[]> {
  const byDepartment = new Map<string, DutySpec[]>();
  const provincial = task.departmentCodes.filter((c) => c.startsWith('dept-'));
  for (const dept of provincial) {
    byDepartment.set(
      dept,
      (['H1', 'H2'] as const).map((h) => ({
        kind: 'progress_report' as const,
        period: `${year}-${h}`,
        dueOn: reportPeriodDue(`${year}-${h}`),
        title: `${task.code} ${task.title}：${year}年${h === 'H1' ? '上半年' : '下半年'}进展报告`,
      })),
    );
  }
  const lead = provincial[0];
  if (lead && task.recurring) {
    const list = byDepartment.get(lead) ?? [];
    if (task.recurring.includes('合作')) {
      list.push({
        kind: 'cooperation_activity',
        period: String(year),
        dueOn: `${year}-12-31`,
        title: `${year}年${taskDutyKindLabels.cooperation_activity.zh}`,
      });
    }
    if (task.recurring.includes('年度推进计划')) {
      list.push({
        kind: 'promotion_plan',
        period: String(year),
        dueOn: `${year}-03-31`,
        title: `${year}年${taskDutyKindLabels.promotion_plan.zh}`,
      });
    }
    if (task.recurring.includes('推进会')) {
      for (const [h, due] of [
        ['H1', `${year}-06-30`],
        ['H2', `${year}-12-31`],
      ] as const) {
        list.push({
          kind: 'progress_meeting',
          period: `${year}-${h}`,
          dueOn: due,
          title: `${year}年${h === 'H1' ? '上半年' : '下半年'}${taskDutyKindLabels.progress_meeting.zh}`,
        });
      }
    }
    byDepartment.set(lead, list);
  }
  return byDepartment;
}

export async function scheduleDuties(db: Db, setCode: string, year: number, actor: Actor): Promise<number> {
  const tasks = await listTaskRows(db, setCode, null);
  if (tasks.length === 0) throw notFound(`tasks of set ${setCode}`);
  const rows: (typeof taskDuties.$inferInsert)[] = [];
  for (const task of tasks) {
    for (const [departmentCode, specs] of dutiesOfYear(task, year)) {
      for (const s of specs)
        rows.push({ setCode, taskCode: task.code, departmentCode, ...s, createdAt: actor.at });
    }
  }
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(taskDuties)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: taskDuties.id });
    await appendAudit(tx, {
      ...actor,
      action: 'tasks.duties_scheduled',
      entityType: 'task_duties',
      entityId: `${setCode}/${year}`,
      after: { year, created: inserted.length, total: rows.length },
    });
    return inserted.length;
  });
}

/** Marks a recurring duty (not a report: that is done by submitting it) as done. */
export async function completeDuty(
  db: Db,
  user: SessionUser,
  id: string,
  input: { completedOn: string; note?: string | undefined },
  actor: Actor,
): Promise<void> {
  const duty = await findDutyRow(db, id);
  if (!duty || (!isProvince(user) && duty.departmentCode !== actingOrganisation(user)))
    throw notFound(`duty ${id}`);
  if (duty.kind === 'progress_report') {
    throw new AppError(
      'rule_violated',
      '进展报告通过提交报告完成 / a report duty is done by submitting the report',
      {
        kind: duty.kind,
      },
    );
  }
  await db.transaction(async (tx) => {
    await tx
      .update(taskDuties)
      .set({ completedOn: input.completedOn, note: input.note ?? null })
      .where(eq(taskDuties.id, id));
    await appendAudit(tx, {
      ...actor,
      action: 'tasks.duty_completed',
      entityType: 'task_duty',
      entityId: id,
      before: { completedOn: duty.completedOn },
      after: { completedOn: input.completedOn },
    });
  });
}

function dutyView(
  duty: TaskDutyRow,
  taskTitles: Map<string, string>,
  reports: Map<string, TaskReportRow>,
  today: string,
): TaskDutyView {
  const report =
    duty.kind === 'progress_report'
      ? reports.get(`${duty.taskCode}|${duty.departmentCode}|${duty.period}`)
      : undefined;
  const done =
    duty.kind === 'progress_report'
      ? report !== undefined && report.status !== 'returned'
      : duty.completedOn !== null;
  return {
    id: duty.id,
    setCode: duty.setCode,
    taskCode: duty.taskCode,
    taskTitle: taskTitles.get(duty.taskCode) ?? '',
    departmentCode: duty.departmentCode,
    kind: duty.kind,
    period: duty.period,
    title: duty.title,
    dueOn: duty.dueOn,
    completedOn:
      duty.kind === 'progress_report' ? (report ? chinaDay(report.submittedAt) : null) : duty.completedOn,
    reportStatus: report?.status ?? null,
    isOverdue: !done && today > duty.dueOn,
  };
}

/** Duties in the user's scope (all for the province), with their state and whether they are overdue on `today`. */
export async function listDuties(
  db: DbOrTx,
  user: SessionUser,
  setCode: string,
  today: string,
): Promise<TaskDutyView[]> {
  const org = isProvince(user) ? null : actingOrganisation(user);
  if (!isProvince(user) && !org) return [];
  const duties = await listDutyRows(db, { setCode, departmentCodes: org ? [org] : null });
  const tasks = await listTaskRows(db, setCode, null);
  const titles = new Map(tasks.map((t) => [t.code, t.title]));
  const reports = new Map(
    (await listReportRows(db, { setCode, departmentCode: org })).map((r) => [
      `${r.taskCode}|${r.departmentCode}|${r.period}`,
      r,
    ]),
  );
  return duties.map((d) => dutyView(d, titles, reports, today));
}

/**
 * The signed-in user's to-do list: for a department its open duties (reports not yet submitted or
 * returned for rework, activities not yet held) due within 60 days or overdue; for the province the
 * reports awaiting review and every overdue duty.
 */
export async function getTodo(
  db: DbOrTx,
  user: SessionUser,
  setCode: string,
  today: string,
): Promise<TodoResponse> {
  const horizon = chinaDay(new Date(Date.parse(`${today}T00:00:00Z`) + 60 * 86_400_000 - 8 * 3600_000));
  const duties = (await listDuties(db, user, setCode, today)).filter((d) => {
    const open =
      d.kind === 'progress_report'
        ? d.reportStatus === null || d.reportStatus === 'returned'
        : d.completedOn === null;
    return open && (isProvince(user) ? d.isOverdue : d.dueOn <= horizon);
  });
  const items: TodoResponse['items'] = duties.map((d) => ({
    kind: 'duty',
    dueOn: d.dueOn,
    isOverdue: d.isOverdue,
    duty: d,
    report: null,
  }));
  if (isProvince(user)) {
    for (const r of await listReportRows(db, { setCode, status: 'submitted' })) {
      const view = toReportView(r);
      items.push({ kind: 'review', dueOn: view.dueOn, isOverdue: false, duty: null, report: view });
    }
  }
  items.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return { date: today, items };
}
