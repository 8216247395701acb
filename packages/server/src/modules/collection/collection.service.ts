/**
 * Data collection (issue 5; docs/data-collection.md, ADR 0012): data sets, periods and assignments,
 * staged figures per submission, validation, submit → (city review) → accept or return, reopen, and
 * the completeness, league table and to-do queries. Accepted figures are written to `observations`
 * with status `accepted` and locked (`observation_locks`) until a province user reopens them.
 */
import { AppError } from '@qunce/core';
import {
  type AcceptanceSummary,
  type AssignmentStatus,
  buildCityLeague,
  type CollectionPeriodView,
  type CollectionSubjectType,
  type CompletenessReport,
  type CreateDataSetRequest,
  canEditValues,
  checkRulesAgainstMetrics,
  type DataSetView,
  isFuturePeriod,
  isOnTime,
  type ListSubmissionsQuery,
  nextState,
  type OpenPeriodRequest,
  type SaveValuesRequest,
  type StagedValue,
  type SubmissionAction,
  type SubmissionDetail,
  type SubmissionView,
  type TodoItem,
  type UpdateDataSetRequest,
  type ValidationReport,
  validateSubmission,
  validationRulesSchema,
} from '@qunce/core/collection';
import { isDerivedFor, metricsAffectedBy, type SubjectType } from '@qunce/core/metrics';
import { formatPeriod, periodKind, previousComparable } from '@qunce/core/periods';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { CollectionDataSetRow, CollectionPeriodRow } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { chinaDate, notFound, staleVersion } from '../clusters/registry.scope.ts';
import { findMetricRow, listMetricRows } from '../metrics/metrics.repository.ts';
import { toMetricDefinition } from '../metrics/metrics.service.ts';
import { recomputeClusterMetrics } from '../metrics/metrics-rollup.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  type Assignee,
  countObservationsByStatus,
  deleteLockRows,
  deleteObservationRows,
  findCityNames,
  findDataSetRow,
  findLockRows,
  findOrganisationRows,
  findPeriodByKey,
  findPeriodRow,
  findSubmissionContext,
  insertDataSetRow,
  insertEventRow,
  insertLockRows,
  insertPeriodRow,
  insertSubmissionRows,
  type LockKey,
  listDataSetRows,
  listEventRows,
  listHistoryRows,
  listPeriodRows,
  listSubjectRows,
  listSubmissionContexts,
  listValueRows,
  lockKeyOf,
  markValuesAccepted,
  type SubmissionContext,
  updateDataSetRow,
  updateSubmissionRow,
  upsertAcceptedObservations,
  upsertValueRows,
} from './collection.repository.ts';

/** Earlier comparable periods read as the subject's own history by the outlier rules. */
const historyYears = 5;

// ── data sets ─────────────────────────────────────────────────────────────────────────────────────

export function toDataSetView(row: CollectionDataSetRow): DataSetView {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    subjectType: row.subjectType,
    metrics: row.metrics,
    periodKind: row.periodKind,
    allowFuture: row.allowFuture,
    cityReview: row.cityReview,
    rules: validationRulesSchema.parse(row.rules),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The data set's metrics exist, are entered (not derived) for its subject type and period kind; rules name only them. */
async function checkDataSet(
  db: DbOrTx,
  input: Pick<CreateDataSetRequest, 'metrics' | 'subjectType' | 'periodKind' | 'rules'>,
): Promise<void> {
  const issues: { field: string; message: string }[] = [];
  for (const [index, code] of input.metrics.entries()) {
    const row = await findMetricRow(db, code);
    if (!row) {
      issues.push({ field: `body.metrics.${index}`, message: `未知指标 / unknown metric ${code}` });
      continue;
    }
    const metric = toMetricDefinition(row);
    if (!metric.subjectTypes.includes(input.subjectType) || isDerivedFor(metric, input.subjectType)) {
      issues.push({
        field: `body.metrics.${index}`,
        message: `指标 ${code} 不由${input.subjectType}填报 / ${code} is not entered for ${input.subjectType}`,
      });
    }
    if (!metric.periodKinds.includes(input.periodKind)) {
      issues.push({
        field: `body.metrics.${index}`,
        message: `指标 ${code} 不按 ${input.periodKind} 报送 / ${code} is not reported per ${input.periodKind}`,
      });
    }
  }
  for (const problem of checkRulesAgainstMetrics(input.rules, input.metrics)) {
    issues.push({ field: 'body.rules', message: problem });
  }
  if (issues.length > 0) {
    throw new AppError('invalid_input', '数据集定义无效 / invalid data set', { issues });
  }
}

export async function createDataSet(db: Db, input: CreateDataSetRequest, actor: Actor): Promise<DataSetView> {
  await checkDataSet(db, input);
  return db.transaction(async (tx) => {
    if (await findDataSetRow(tx, input.code)) {
      throw new AppError('conflict', `数据集代码已存在 / data set code already used: ${input.code}`, {
        code: input.code,
      });
    }
    const row = await insertDataSetRow(tx, { ...input, createdAt: actor.at, updatedAt: actor.at });
    const view = toDataSetView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'collection.data_set_created',
      entityType: 'collection_data_set',
      entityId: row.code,
      after: view,
    });
    return view;
  });
}

export async function updateDataSet(
  db: Db,
  code: string,
  input: UpdateDataSetRequest,
  actor: Actor,
): Promise<DataSetView> {
  const current = await getDataSetRow(db, code);
  const { version, ...changes } = input;
  const merged = {
    metrics: changes.metrics ?? current.metrics,
    subjectType: current.subjectType,
    periodKind: current.periodKind,
    rules: changes.rules ?? validationRulesSchema.parse(current.rules),
  };
  await checkDataSet(db, merged);
  return db.transaction(async (tx) => {
    const row = await updateDataSetRow(tx, code, version, {
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      updatedAt: actor.at,
    });
    if (!row) throw staleVersion(`数据集 data set ${code}`, current.version, version);
    const view = toDataSetView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'collection.data_set_updated',
      entityType: 'collection_data_set',
      entityId: code,
      before: toDataSetView(current),
      after: view,
    });
    return view;
  });
}

export async function getDataSetRow(db: DbOrTx, code: string): Promise<CollectionDataSetRow> {
  const row = await findDataSetRow(db, code);
  if (!row) throw notFound(`数据集 data set ${code}`);
  return row;
}

export async function listDataSets(db: DbOrTx): Promise<{ items: DataSetView[] }> {
  return { items: (await listDataSetRows(db)).map(toDataSetView) };
}

// ── periods and assignments ───────────────────────────────────────────────────────────────────────

/** Organisations a data set may be assigned to: city bureaus, and cluster organisations unless it collects city figures. */
async function checkAssignees(db: DbOrTx, dataSet: CollectionDataSetRow, codes: string[]) {
  const unique = [...new Set(codes)];
  const rows = await findOrganisationRows(db, unique);
  const issues: { field: string; message: string }[] = [];
  for (const [index, code] of unique.entries()) {
    const org = rows.find((r) => r.code === code);
    if (!org) {
      issues.push({ field: `body.assignees.${index}`, message: `未知单位 / unknown organisation ${code}` });
    } else if (org.type !== 'city' && org.type !== 'cluster_org') {
      issues.push({
        field: `body.assignees.${index}`,
        message: `只能分配给市工信局或集群促进组织 / only city bureaus and cluster organisations report: ${code}`,
      });
    } else if (org.type === 'cluster_org' && dataSet.subjectType === 'city') {
      issues.push({
        field: `body.assignees.${index}`,
        message: `集群促进组织不填报城市数据 / a cluster organisation does not report city figures: ${code}`,
      });
    }
  }
  if (issues.length > 0) throw new AppError('invalid_input', '分配对象无效 / invalid assignees', { issues });
  return rows.map((r) => ({ code: r.code, kind: r.type as 'city' | 'cluster_org' }));
}

function toPeriodView(row: { period: CollectionPeriodRow; assignments: number }): CollectionPeriodView {
  return {
    id: row.period.id,
    dataSet: row.period.dataSetCode,
    period: row.period.period,
    deadline: row.period.deadline.toISOString(),
    openedAt: row.period.openedAt.toISOString(),
    openedBy: row.period.openedBy,
    assignments: row.assignments,
  };
}

async function createAssignments(
  tx: DbOrTx,
  periodId: string,
  assignees: { code: string; kind: 'city' | 'cluster_org' }[],
  actor: Actor,
): Promise<number> {
  const inserted = await insertSubmissionRows(
    tx,
    assignees.map((a) => ({
      periodId,
      assigneeCode: a.code,
      assigneeKind: a.kind,
      state: 'open' as const,
      createdAt: actor.at,
      updatedAt: actor.at,
    })),
  );
  for (const row of inserted) {
    await insertEventRow(tx, {
      submissionId: row.id,
      action: 'assign',
      fromState: null,
      toState: 'open',
      reason: null,
      actorId: actor.actorId,
      actorName: actor.actorName,
      at: actor.at,
    });
  }
  return inserted.length;
}

/** Opens a period of a data set with its deadline (409 when already open), assigning it at once. */
export async function openPeriod(
  db: Db,
  dataSetCode: string,
  input: OpenPeriodRequest,
  actor: Actor,
): Promise<CollectionPeriodView> {
  const dataSet = await getDataSetRow(db, dataSetCode);
  const period = formatPeriod(input.period);
  if (periodKind(period) !== dataSet.periodKind) {
    throw new AppError(
      'rule_violated',
      `数据集按 ${dataSet.periodKind} 报送，期间 ${period} 不符 / the data set is reported per ${dataSet.periodKind}, not ${period}`,
      { reason: 'period_kind' },
    );
  }
  const assignees = await checkAssignees(db, dataSet, input.assignees);
  return db.transaction(async (tx) => {
    if (await findPeriodByKey(tx, dataSetCode, period)) {
      throw new AppError('conflict', `该期间已开启 / period ${period} of ${dataSetCode} is already open`, {
        reason: 'period_open',
      });
    }
    const row = await insertPeriodRow(tx, {
      dataSetCode,
      period,
      deadline: new Date(input.deadline),
      openedAt: actor.at,
      openedBy: actor.actorName,
    });
    const count = await createAssignments(tx, row.id, assignees, actor);
    const view = toPeriodView({ period: row, assignments: count });
    await appendAudit(tx, {
      ...actor,
      action: 'collection.period_opened',
      entityType: 'collection_period',
      entityId: row.id,
      after: { ...view, assignees: assignees.map((a) => a.code) },
    });
    return view;
  });
}

/** Adds assignees to an open period (those already assigned are left as they are). */
export async function assignPeriod(
  db: Db,
  periodId: string,
  codes: string[],
  actor: Actor,
): Promise<CollectionPeriodView> {
  const period = await findPeriodRow(db, periodId);
  if (!period) throw notFound(`期间 period ${periodId}`);
  const dataSet = await getDataSetRow(db, period.dataSetCode);
  const assignees = await checkAssignees(db, dataSet, codes);
  return db.transaction(async (tx) => {
    const added = await createAssignments(tx, periodId, assignees, actor);
    const [row] = await listPeriodRows(tx, { period: period.period, dataSet: period.dataSetCode });
    if (!row) throw notFound(`期间 period ${periodId}`);
    await appendAudit(tx, {
      ...actor,
      action: 'collection.assigned',
      entityType: 'collection_period',
      entityId: periodId,
      after: { assignees: assignees.map((a) => a.code), added },
    });
    return toPeriodView(row);
  });
}

export async function listPeriods(db: DbOrTx, filter: { period?: string; dataSet?: string }) {
  return { items: (await listPeriodRows(db, filter)).map(toPeriodView) };
}

// ── scope ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Which submissions a user sees: province and department users all; an assignee its own; a city
 * bureau also its cluster organisations' submissions on data sets the city reviews first.
 */
function visibilityOf(user: SessionUser): { assignees: string[]; reviewCities: string[] } | null {
  if (user.scope.kind === 'province' || user.scope.kind === 'department') return null;
  const own = user.organisation ? [user.organisation.code] : [];
  return { assignees: own, reviewCities: user.scope.kind === 'city' ? (user.scope.cityCodes ?? []) : [] };
}

function canSee(user: SessionUser, ctx: SubmissionContext): boolean {
  const v = visibilityOf(user);
  if (!v) return true;
  if (v.assignees.includes(ctx.submission.assigneeCode)) return true;
  return (
    ctx.submission.assigneeKind === 'cluster_org' &&
    ctx.dataSet.cityReview &&
    ctx.assigneeCityCode !== null &&
    v.reviewCities.includes(ctx.assigneeCityCode)
  );
}

async function getVisibleContext(db: DbOrTx, user: SessionUser, id: string, forUpdate = false) {
  const ctx = await findSubmissionContext(db, id, { forUpdate });
  if (!ctx || !canSee(user, ctx)) throw notFound(`报送 submission ${id}`);
  return ctx;
}

const isAwaitingCityReview = (ctx: SubmissionContext) =>
  ctx.dataSet.cityReview &&
  ctx.submission.assigneeKind === 'cluster_org' &&
  ctx.submission.state === 'submitted' &&
  ctx.submission.cityReviewedAt === null;

// ── views ─────────────────────────────────────────────────────────────────────────────────────────

function toSubmissionView(ctx: SubmissionContext, at: Date, changed: number | null = null): SubmissionView {
  const s = ctx.submission;
  return {
    id: s.id,
    periodId: ctx.period.id,
    dataSet: ctx.dataSet.code,
    dataSetName: ctx.dataSet.name,
    period: ctx.period.period,
    deadline: ctx.period.deadline.toISOString(),
    assignee: s.assigneeCode,
    assigneeName: ctx.assigneeName,
    assigneeKind: s.assigneeKind,
    cityCode: ctx.assigneeCityCode,
    state: s.state,
    awaitingCityReview: isAwaitingCityReview(ctx),
    firstSubmittedAt: s.firstSubmittedAt?.toISOString() ?? null,
    submittedAt: s.submittedAt?.toISOString() ?? null,
    acceptedAt: s.acceptedAt?.toISOString() ?? null,
    onTime: isOnTime(s.firstSubmittedAt, ctx.period.deadline, at),
    reason: s.lastReason,
    changedSinceAcceptance: changed,
    version: s.version,
  };
}

/** Values that differ from the figures last accepted; null when the submission was never accepted. */
function countChanged(
  ctx: SubmissionContext,
  values: { value: number | null; acceptedValue: number | null; wasAccepted: boolean }[],
): number | null {
  if (!ctx.submission.acceptedAt) return null;
  return values.filter((v) => (!v.wasAccepted ? v.value !== null : v.value !== v.acceptedValue)).length;
}

export async function listSubmissions(
  db: DbOrTx,
  user: SessionUser,
  query: ListSubmissionsQuery,
  at: Date,
): Promise<{ items: SubmissionView[] }> {
  const rows = await listSubmissionContexts(db, { ...query, visibleTo: visibilityOf(user) });
  return { items: rows.map((ctx) => toSubmissionView(ctx, at)) };
}

async function subjectsOf(db: DbOrTx, ctx: SubmissionContext) {
  const assignee: Assignee = {
    code: ctx.submission.assigneeCode,
    type: ctx.submission.assigneeKind,
    regionCode: ctx.assigneeCityCode,
  };
  return listSubjectRows(db, ctx.dataSet.subjectType as CollectionSubjectType, assignee, ctx.period.period);
}

export async function getSubmission(
  db: DbOrTx,
  user: SessionUser,
  id: string,
  at: Date,
): Promise<SubmissionDetail> {
  const ctx = await getVisibleContext(db, user, id);
  const [values, subjects, events, catalogue] = [
    await listValueRows(db, id),
    await subjectsOf(db, ctx),
    await listEventRows(db, id),
    await listMetricRows(db),
  ];
  return {
    ...toSubmissionView(ctx, at, countChanged(ctx, values)),
    metrics: ctx.dataSet.metrics.map((code) => {
      const m = catalogue.find((r) => r.code === code);
      return { code, name: m?.name ?? code, unit: m?.unit ?? '' };
    }),
    subjects,
    values: values.map((v) => ({
      subjectCode: v.subjectCode,
      metric: v.metricCode,
      value: v.value,
      comment: v.comment,
    })),
    history: events.map((e) => ({
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      reason: e.reason,
      actorName: e.actorName,
      at: e.at.toISOString(),
    })),
  };
}

// ── figures ───────────────────────────────────────────────────────────────────────────────────────

function assertAssignee(user: SessionUser, ctx: SubmissionContext) {
  if (!user.permissions.includes('data.submit') || user.organisation?.code !== ctx.submission.assigneeCode) {
    throw new AppError('forbidden', '只有被分配单位可以填报 / only the assignee may fill this submission', {
      reason: 'not_assignee',
    });
  }
}

function assertEditable(ctx: SubmissionContext) {
  if (!canEditValues(ctx.submission.state)) {
    throw new AppError(
      ctx.submission.state === 'accepted' ? 'locked' : 'rule_violated',
      ctx.submission.state === 'accepted'
        ? '已确认的数据已锁定，需省级重新开启 / accepted figures are locked until the province reopens them'
        : `已报送，等待审核，不能修改 / the submission is ${ctx.submission.state} and cannot be changed`,
      { reason: 'not_editable', state: ctx.submission.state },
    );
  }
}

function assertNotFuture(ctx: SubmissionContext, at: Date) {
  if (!ctx.dataSet.allowFuture && isFuturePeriod(ctx.period.period, chinaDate(at))) {
    throw new AppError(
      'rule_violated',
      `期间 ${ctx.period.period} 尚未结束，不能填报实际数 / period ${ctx.period.period} has not ended: figures cannot be entered yet`,
      { reason: 'future_period', period: ctx.period.period },
    );
  }
}

export type ValueInput = {
  subjectCode: string;
  metric: string;
  value: number | null;
  comment?: string | null;
};

/** Checks figures against the submission's subjects and metrics; returns the invalid ones as issues. */
export async function checkValueKeys(db: DbOrTx, ctx: SubmissionContext, values: ValueInput[]) {
  const subjects = new Set((await subjectsOf(db, ctx)).map((s) => s.code));
  const metrics = new Set(ctx.dataSet.metrics);
  const issues: { index: number; message: string }[] = [];
  for (const [index, v] of values.entries()) {
    if (!subjects.has(v.subjectCode)) {
      issues.push({
        index,
        message: `不是本次报送的主体 / not a subject of this submission: ${v.subjectCode}`,
      });
    } else if (!metrics.has(v.metric)) {
      issues.push({ index, message: `不是本数据集的指标 / not a metric of this data set: ${v.metric}` });
    }
  }
  return issues;
}

/** Saves staged figures (all or nothing); only the assignee, only while open, returned or reopened. */
export async function saveValues(
  db: Db,
  user: SessionUser,
  id: string,
  input: SaveValuesRequest,
  actor: Actor,
  source: 'entered' | 'imported' = 'entered',
): Promise<SubmissionView> {
  const ctx = await getVisibleContext(db, user, id);
  assertAssignee(user, ctx);
  assertEditable(ctx);
  assertNotFuture(ctx, actor.at);
  const seen = new Set<string>();
  for (const [index, v] of input.values.entries()) {
    const key = `${v.subjectCode}|${v.metric}`;
    if (seen.has(key)) {
      throw new AppError('invalid_input', `第 ${index + 1} 条重复 / item ${index + 1} is a duplicate`, {
        index,
      });
    }
    seen.add(key);
  }
  const issues = await checkValueKeys(db, ctx, input.values);
  if (issues.length > 0) {
    throw new AppError('invalid_input', issues[0]?.message ?? 'invalid', {
      issues: issues.map((i) => ({ field: `body.values.${i.index}`, message: i.message })),
    });
  }
  return db.transaction(async (tx) => {
    const locked = await getVisibleContext(tx, user, id, true);
    assertEditable(locked);
    if (locked.submission.version !== input.version) {
      throw staleVersion(`报送 submission`, locked.submission.version, input.version);
    }
    const before = new Map((await listValueRows(tx, id)).map((v) => [`${v.subjectCode}|${v.metricCode}`, v]));
    const changed = input.values.filter((v) => {
      const b = before.get(`${v.subjectCode}|${v.metric}`);
      return (
        !b || b.value !== v.value || (v.comment !== undefined && (b.comment ?? null) !== (v.comment ?? null))
      );
    });
    await upsertValueRows(
      tx,
      changed.map((v) => ({
        submissionId: id,
        subjectCode: v.subjectCode,
        metricCode: v.metric,
        value: v.value,
        comment:
          v.comment === undefined ? (before.get(`${v.subjectCode}|${v.metric}`)?.comment ?? null) : v.comment,
        updatedAt: actor.at,
        updatedBy: actor.actorName,
      })),
    );
    const row = await updateSubmissionRow(tx, id, input.version, { updatedAt: actor.at });
    if (!row) throw staleVersion('报送 submission', locked.submission.version, input.version);
    await appendAudit(tx, {
      ...actor,
      action: 'collection.values_saved',
      entityType: 'collection_submission',
      entityId: id,
      after: {
        source,
        changed: changed.length,
        unchanged: input.values.length - changed.length,
        values: changed.slice(0, 200).map((v) => ({
          subjectCode: v.subjectCode,
          metric: v.metric,
          before: before.get(`${v.subjectCode}|${v.metric}`)?.value ?? null,
          after: v.value,
        })),
      },
    });
    const after = await listValueRows(tx, id);
    return toSubmissionView({ ...locked, submission: row }, actor.at, countChanged(locked, after));
  });
}

/** Validation of the staged figures with the data set's rules and each subject's own history. */
async function validateContext(db: DbOrTx, ctx: SubmissionContext): Promise<ValidationReport> {
  const rules = validationRulesSchema.parse(ctx.dataSet.rules);
  const subjects = (await subjectsOf(db, ctx)).map((s) => s.code);
  const staged = new Map<string, Map<string, StagedValue>>();
  for (const v of await listValueRows(db, ctx.submission.id)) {
    const m = staged.get(v.subjectCode) ?? new Map<string, StagedValue>();
    m.set(v.metricCode, { value: v.value, comment: v.comment });
    staged.set(v.subjectCode, m);
  }
  const periods: string[] = [];
  let p = ctx.period.period;
  for (let i = 0; i < historyYears; i++) {
    p = previousComparable(p);
    periods.push(p);
  }
  const outlierMetrics = [...new Set(rules.outliers.map((o) => o.metric))];
  const historyRows = await listHistoryRows(db, {
    subjectType: ctx.dataSet.subjectType as SubjectType,
    subjectCodes: subjects,
    metrics: outlierMetrics,
    periods,
  });
  const history = new Map<string, Map<string, number>>();
  for (const h of historyRows) {
    const key = `${h.subjectCode}|${h.metricCode}`;
    history.set(key, (history.get(key) ?? new Map()).set(h.period, h.value));
  }
  return validateSubmission({
    subjects,
    metrics: ctx.dataSet.metrics,
    rules,
    values: staged,
    history: (subject, metric) => {
      const byPeriod = history.get(`${subject}|${metric}`) ?? new Map<string, number>();
      return { values: [...byPeriod.values()], previous: byPeriod.get(periods[0] ?? '') ?? null };
    },
  });
}

export async function validateSubmissionFigures(
  db: DbOrTx,
  user: SessionUser,
  id: string,
): Promise<ValidationReport> {
  return validateContext(db, await getVisibleContext(db, user, id));
}

// ── state changes ─────────────────────────────────────────────────────────────────────────────────

type TransitionInput = { version: number; reason?: string | undefined };

async function transition(
  db: Db,
  user: SessionUser,
  id: string,
  action: Exclude<SubmissionAction, 'assign'>,
  input: TransitionInput,
  actor: Actor,
  check: (ctx: SubmissionContext, tx: DbOrTx) => void | Promise<void>,
  effect?: (tx: DbOrTx, ctx: SubmissionContext) => Promise<Record<string, unknown>>,
): Promise<SubmissionView> {
  return db.transaction(async (tx) => {
    const ctx = await getVisibleContext(tx, user, id, true);
    await check(ctx, tx);
    if (ctx.submission.version !== input.version) {
      throw staleVersion('报送 submission', ctx.submission.version, input.version);
    }
    const from = ctx.submission.state;
    const to = nextState(from, action, input.reason);
    const reason = input.reason?.trim() || null;
    const extra = effect ? await effect(tx, ctx) : {};
    const changes: Parameters<typeof updateSubmissionRow>[3] = { state: to, updatedAt: actor.at };
    if (action === 'submit') {
      changes.submittedAt = actor.at;
      changes.cityReviewedAt = null;
      if (!ctx.submission.firstSubmittedAt) changes.firstSubmittedAt = actor.at;
    }
    if (action === 'city_forward') changes.cityReviewedAt = actor.at;
    if (action === 'accept') changes.acceptedAt = actor.at;
    if (action === 'return' || action === 'reopen') changes.lastReason = reason;
    const row = await updateSubmissionRow(tx, id, input.version, changes);
    if (!row) throw staleVersion('报送 submission', ctx.submission.version, input.version);
    await insertEventRow(tx, {
      submissionId: id,
      action,
      fromState: from,
      toState: to,
      reason,
      actorId: actor.actorId,
      actorName: actor.actorName,
      at: actor.at,
    });
    const values = await listValueRows(tx, id);
    const view = toSubmissionView(
      { ...ctx, submission: row },
      actor.at,
      countChanged({ ...ctx, submission: row }, values),
    );
    await appendAudit(tx, {
      ...actor,
      action: `collection.${action}`,
      entityType: 'collection_submission',
      entityId: id,
      before: { state: from },
      after: {
        state: to,
        reason,
        dataSet: ctx.dataSet.code,
        period: ctx.period.period,
        assignee: ctx.submission.assigneeCode,
        ...extra,
      },
    });
    return view;
  });
}

/** Submits after validation (422 `validation_failed` with the report when a blocking issue remains). */
export async function submitSubmission(
  db: Db,
  user: SessionUser,
  id: string,
  input: TransitionInput,
  actor: Actor,
): Promise<SubmissionView> {
  return transition(db, user, id, 'submit', input, actor, async (ctx, tx) => {
    assertAssignee(user, ctx);
    assertNotFuture(ctx, actor.at);
    nextState(ctx.submission.state, 'submit', null);
    const report = await validateContext(tx, ctx);
    if (!report.ok) {
      throw new AppError(
        'rule_violated',
        '校验未通过，请修改或填写说明 / validation failed: correct the figures or explain the outliers',
        {
          reason: 'validation_failed',
          report,
        },
      );
    }
  });
}

function assertCityReviewer(user: SessionUser, ctx: SubmissionContext) {
  if (
    user.scope.kind !== 'city' ||
    !user.permissions.includes('data.submit') ||
    ctx.assigneeCityCode === null ||
    !(user.scope.cityCodes ?? []).includes(ctx.assigneeCityCode)
  ) {
    throw new AppError('forbidden', '只有所在市可以初审 / only the assignee’s city reviews first', {
      reason: 'not_city_reviewer',
    });
  }
}

/** The city passes its cluster organisation's submission on to the province. */
export async function cityForward(
  db: Db,
  user: SessionUser,
  id: string,
  input: TransitionInput,
  actor: Actor,
) {
  return transition(db, user, id, 'city_forward', input, actor, (ctx) => {
    if (!isAwaitingCityReview(ctx)) {
      throw new AppError('rule_violated', '该报送不需要或已完成市级初审 / no city review is pending', {
        reason: 'no_city_review',
      });
    }
    assertCityReviewer(user, ctx);
  });
}

/** Returns a submission with a reason: the province, or the city while its review is pending. */
export async function returnSubmission(
  db: Db,
  user: SessionUser,
  id: string,
  input: TransitionInput,
  actor: Actor,
) {
  return transition(db, user, id, 'return', input, actor, (ctx) => {
    if (isAwaitingCityReview(ctx) && user.scope.kind === 'city') return assertCityReviewer(user, ctx);
    assertReviewer(user, ctx);
  });
}

function assertReviewer(user: SessionUser, ctx: SubmissionContext) {
  if (!user.permissions.includes('data.review')) {
    throw new AppError('forbidden', '只有省级审核人可以操作 / only a province reviewer may do this', {
      reason: 'not_reviewer',
    });
  }
  if (isAwaitingCityReview(ctx)) {
    throw new AppError('rule_violated', '等待市级初审 / the city has not reviewed this submission yet', {
      reason: 'awaiting_city_review',
    });
  }
}

/**
 * Accepts: writes the staged figures to `observations` (status accepted) and locks them, in the same
 * transaction as the state change; then recomputes the derived cluster metrics of the period.
 */
export async function acceptSubmission(
  db: Db,
  user: SessionUser,
  id: string,
  input: TransitionInput,
  actor: Actor,
): Promise<SubmissionView> {
  let affected: { period: string; metrics: string[] } | null = null;
  const view = await transition(
    db,
    user,
    id,
    'accept',
    input,
    actor,
    (ctx) => assertReviewer(user, ctx),
    async (tx, ctx) => {
      const subjectType = ctx.dataSet.subjectType as SubjectType;
      const period = ctx.period.period;
      const values = (await listValueRows(tx, id)).flatMap((v) =>
        v.value === null ? [] : [{ subjectCode: v.subjectCode, metricCode: v.metricCode, value: v.value }],
      );
      const keys: LockKey[] = values.map((v) => ({
        subjectType,
        subjectCode: v.subjectCode,
        metricCode: v.metricCode,
        period,
      }));
      const held = [...(await findLockRows(tx, keys)).entries()].filter(([, holder]) => holder !== id);
      if (held.length > 0) {
        throw new AppError(
          'conflict',
          '部分数据已由其他报送确认并锁定 / some figures are locked by another accepted submission',
          {
            reason: 'locked_elsewhere',
            keys: held.slice(0, 20).map(([key, submissionId]) => ({ key, submissionId })),
          },
        );
      }
      await upsertAcceptedObservations(tx, {
        subjectType,
        period,
        values,
        at: actor.at,
        by: actor.actorName,
      });
      // a figure accepted before and cleared since is removed from the observations it was written to
      const cleared = (await listValueRows(tx, id)).filter(
        (v) => v.value === null && v.wasAccepted && v.acceptedValue !== null,
      );
      await deleteObservationRows(tx, {
        subjectType,
        period,
        keys: cleared.map((v) => ({ subjectCode: v.subjectCode, metricCode: v.metricCode })),
      });
      await deleteLockRows(tx, id);
      await insertLockRows(
        tx,
        keys.map((k) => ({ ...k, subjectType, submissionId: id, lockedAt: actor.at })),
      );
      const changed = countChanged(ctx, await listValueRows(tx, id));
      await markValuesAccepted(tx, id);
      if (subjectType === 'enterprise' || subjectType === 'province') {
        affected = { period, metrics: [...new Set(values.map((v) => v.metricCode))] };
      }
      return { observations: values.length, removed: cleared.length, changedSinceLastAcceptance: changed };
    },
  );
  const toRecompute = affected as { period: string; metrics: string[] } | null;
  if (toRecompute) {
    const catalogue = (await listMetricRows(db)).map(toMetricDefinition);
    const metrics = metricsAffectedBy(catalogue, toRecompute.metrics);
    if (metrics.length > 0) await recomputeClusterMetrics(db, { period: toRecompute.period, metrics }, actor);
  }
  return view;
}

/** Reopens an accepted submission with a reason: its figures are unlocked and may be corrected. */
export async function reopenSubmission(
  db: Db,
  user: SessionUser,
  id: string,
  input: TransitionInput,
  actor: Actor,
) {
  return transition(
    db,
    user,
    id,
    'reopen',
    input,
    actor,
    (ctx) => assertReviewer(user, ctx),
    async (tx) => ({ unlocked: await deleteLockRows(tx, id) }),
  );
}

// ── locks for the metrics service ─────────────────────────────────────────────────────────────────

/** Keys (`type|code|metric|period`) among `keys` locked by an accepted submission, with the holder. */
export async function findLockedObservationKeys(db: DbOrTx, keys: LockKey[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  return findLockRows(db, keys);
}

export { lockKeyOf };

/**
 * Whether a (metric, subject type, period) set, optionally of some subjects, includes figures not
 * accepted: evaluations, roll-ups and targets read accepted figures by default and say so when not.
 * Derived values (source `rollup`) are counted apart: they follow their inputs.
 */
export async function describeAcceptance(
  db: DbOrTx,
  query: { metric: string; subjectType: SubjectType; period: string; subjectCodes?: string[] },
): Promise<AcceptanceSummary> {
  const rows = await countObservationsByStatus(db, { ...query, period: formatPeriod(query.period) });
  let total = 0;
  let accepted = 0;
  let derived = 0;
  for (const r of rows) {
    total += r.count;
    if (r.source === 'rollup') derived += r.count;
    else if (r.status === 'accepted') accepted += r.count;
  }
  const unaccepted = total - accepted - derived;
  return { total, accepted, unaccepted, derived, includesUnaccepted: unaccepted > 0 };
}

// ── completeness, league table, to-do, status ─────────────────────────────────────────────────────

function toAssignmentStatus(ctx: SubmissionContext, at: Date): AssignmentStatus {
  return {
    dataSet: ctx.dataSet.code,
    assignee: ctx.submission.assigneeCode,
    assigneeName: ctx.assigneeName,
    cityCode: ctx.assigneeCityCode,
    state: ctx.submission.state,
    submittedAt: ctx.submission.submittedAt?.toISOString() ?? null,
    deadline: ctx.period.deadline.toISOString(),
    onTime: isOnTime(ctx.submission.firstSubmittedAt, ctx.period.deadline, at),
  };
}

/** Every assignment of a period (all data sets unless one is named), for the CLI and the status API. */
export async function listAssignmentStatuses(
  db: DbOrTx,
  query: { period: string; dataSet?: string },
  at: Date,
  user: SessionUser | null = null,
): Promise<AssignmentStatus[]> {
  const rows = await listSubmissionContexts(db, {
    period: formatPeriod(query.period),
    dataSet: query.dataSet,
    visibleTo: user ? visibilityOf(user) : null,
  });
  return rows.map((ctx) => toAssignmentStatus(ctx, at));
}

export async function getCompleteness(
  db: DbOrTx,
  user: SessionUser | null,
  query: { period: string; dataSet?: string },
  at: Date,
): Promise<CompletenessReport> {
  const period = formatPeriod(query.period);
  const rows = await listSubmissionContexts(db, {
    period,
    dataSet: query.dataSet,
    visibleTo: user ? visibilityOf(user) : null,
  });
  const statuses = rows.map((ctx) => ({ ctx, status: toAssignmentStatus(ctx, at) }));
  const cityNames = await findCityNames(db, [
    ...new Set(rows.flatMap((r) => (r.assigneeCityCode ? [r.assigneeCityCode] : []))),
  ]);
  const count = (state: string) => statuses.filter((s) => s.status.state === state).length;
  const late = statuses
    .filter((s) => s.status.state !== 'open' && s.status.onTime === false)
    .map((s) => s.status);
  const notSubmitted = statuses
    .filter((s) => s.status.state === 'open' && s.status.onTime === false)
    .map((s) => s.status);
  return {
    period,
    asOf: at.toISOString(),
    totals: {
      assignments: statuses.length,
      open: count('open'),
      submitted: count('submitted'),
      returned: count('returned'),
      accepted: count('accepted'),
      reopened: count('reopened'),
      late: late.length,
      missing: notSubmitted.length,
    },
    assignments: statuses.map((s) => s.status),
    notSubmitted,
    late,
    returned: statuses.filter((s) => s.ctx.everReturned).map((s) => s.status),
    cities: buildCityLeague(
      statuses.flatMap(({ ctx, status }) =>
        ctx.assigneeCityCode
          ? [
              {
                cityCode: ctx.assigneeCityCode,
                cityName: cityNames.get(ctx.assigneeCityCode) ?? ctx.assigneeCityCode,
                state: status.state,
                onTime: status.onTime,
                everReturned: ctx.everReturned,
              },
            ]
          : [],
      ),
    ),
  };
}

/**
 * What the signed-in user owes, soonest deadline first: submissions to fill (open, returned,
 * reopened) for an assignee; cluster organisations' submissions to review for a city; submissions
 * waiting for acceptance for a province reviewer.
 */
export async function listTodo(db: DbOrTx, user: SessionUser, at: Date): Promise<{ items: TodoItem[] }> {
  const items: TodoItem[] = [];
  const item = (kind: TodoItem['kind'], ctx: SubmissionContext): TodoItem => ({
    kind,
    submissionId: ctx.submission.id,
    dataSet: ctx.dataSet.code,
    dataSetName: ctx.dataSet.name,
    period: ctx.period.period,
    assignee: ctx.submission.assigneeCode,
    assigneeName: ctx.assigneeName,
    state: ctx.submission.state,
    deadline: ctx.period.deadline.toISOString(),
    overdue: at.getTime() > ctx.period.deadline.getTime() && canEditValues(ctx.submission.state),
    reason: ctx.submission.lastReason,
  });
  const own = user.organisation?.code;
  if (own && user.permissions.includes('data.submit')) {
    for (const ctx of await listSubmissionContexts(db, { assignee: own })) {
      if (canEditValues(ctx.submission.state)) items.push(item('submit', ctx));
    }
  }
  if (user.scope.kind === 'city' && user.permissions.includes('data.submit')) {
    const rows = await listSubmissionContexts(db, {
      state: 'submitted',
      visibleTo: { assignees: [], reviewCities: user.scope.cityCodes ?? [] },
    });
    for (const ctx of rows) if (isAwaitingCityReview(ctx)) items.push(item('city_review', ctx));
  }
  if (user.permissions.includes('data.review')) {
    for (const ctx of await listSubmissionContexts(db, { state: 'submitted' })) {
      if (!isAwaitingCityReview(ctx)) items.push(item('review', ctx));
    }
  }
  items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.assignee.localeCompare(b.assignee));
  return { items };
}

export { getVisibleContext };
