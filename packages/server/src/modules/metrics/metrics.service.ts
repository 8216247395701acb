import { AppError } from '@qunce/core';
import {
  type CreateMetricRequest,
  type GrowthQuery,
  type GrowthView,
  isDerivedFor,
  type ListMetricsQuery,
  type ListObservationsQuery,
  type MetricDefinition,
  type MetricView,
  metricCatalogue,
  metricDefinitionSchema,
  metricsAffectedBy,
  type ObservationBatchResult,
  type ObservationInput,
  type ObservationView,
  type SubjectType,
  type UpdateMetricRequest,
} from '@qunce/core/metrics';
import {
  comparableGrowth,
  formatPeriod,
  isComparable,
  periodEndDate,
  periodKind,
  previousComparable,
} from '@qunce/core/periods';
import { industryCodes } from '@qunce/core/registry';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { MetricDefinitionRow, ObservationRow, observations } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { notFound, type RegistryScope, registryScopeOf, staleVersion } from '../clusters/registry.scope.ts';
import { findLockRows, lockKeyOf } from '../collection/collection.repository.ts';
import { assertVersion, pagedResult } from '../registry-kit/registry-kit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  findClustersInScope,
  findEnterprisesInScope,
  findMetricRow,
  findObservationRows,
  findParksInScope,
  findRegionCodes,
  insertMetricRows,
  insertObservationRows,
  listMetricRows,
  listObservationRows,
  type ObservationKey,
  observationKeyOf,
  updateMetricRow,
  updateObservationRow,
} from './metrics.repository.ts';
import { recomputeClusterMetrics } from './metrics-rollup.service.ts';

// ── catalogue ─────────────────────────────────────────────────────────────────────────────────────

/** The catalogue fields of a stored row, in the contract's order. */
function definitionFieldsOf(row: MetricDefinitionRow) {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    unit: row.unit,
    periodKinds: row.periodKinds,
    subjectTypes: row.subjectTypes,
    derivation: row.derivation ?? null,
    publisher: row.publisher,
    description: row.description,
  };
}

export function toMetricView(row: MetricDefinitionRow): MetricView {
  return {
    ...definitionFieldsOf(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A stored catalogue row as the core contract's definition. */
export function toMetricDefinition(row: MetricDefinitionRow): MetricDefinition {
  return metricDefinitionSchema.parse(definitionFieldsOf(row));
}

/** Inserts the seed catalogue's missing entries; edited entries stay as they are. Idempotent. */
export async function seedMetricCatalogue(db: DbOrTx, at: Date = new Date()): Promise<number> {
  const rows = await insertMetricRows(
    db,
    metricCatalogue.map((input) => {
      const m = metricDefinitionSchema.parse(input);
      return { ...m, version: 1, createdAt: at, updatedAt: at };
    }),
    { ignoreExisting: true },
  );
  return rows.length;
}

export async function listMetrics(db: DbOrTx, query: ListMetricsQuery): Promise<{ items: MetricView[] }> {
  const rows = await listMetricRows(db);
  const items = rows
    .filter((row) => !query.subjectType || row.subjectTypes.includes(query.subjectType))
    .filter((row) => query.derived === undefined || (row.derivation !== null) === (query.derived === 'true'))
    .map(toMetricView);
  return { items };
}

export async function getMetricRow(db: DbOrTx, code: string): Promise<MetricDefinitionRow> {
  const row = await findMetricRow(db, code);
  if (!row) throw notFound(`metric ${code}`);
  return row;
}

/** Derivations may only read metrics of the catalogue (a roll-up rule's inputs, a gap's reference). */
async function checkDerivationReferences(db: DbOrTx, metric: MetricDefinition): Promise<void> {
  const d = metric.derivation;
  if (!d) return;
  const references =
    d.kind === 'gap_to_province'
      ? [d.metric]
      : d.rule.kind === 'sum'
        ? [d.rule.metric]
        : d.rule.kind === 'ratio_of_sums'
          ? [d.rule.numerator, d.rule.denominator]
          : [];
  for (const code of references) {
    if (code === metric.code && d.kind === 'rollup') continue;
    if (!(await findMetricRow(db, code))) {
      throw new AppError(
        'invalid_input',
        `派生规则引用了未知指标 / the derivation refers to an unknown metric: ${code}`,
        {
          issues: [{ field: 'body.derivation', message: `unknown metric ${code}` }],
        },
      );
    }
  }
}

export async function createMetric(db: Db, input: CreateMetricRequest, actor: Actor): Promise<MetricView> {
  return db.transaction(async (tx) => {
    if (await findMetricRow(tx, input.code)) {
      throw new AppError('conflict', `指标代码已存在 / metric code already used: ${input.code}`, {
        code: input.code,
      });
    }
    await checkDerivationReferences(tx, input);
    const [row] = await insertMetricRows(tx, [
      { ...input, version: 1, createdAt: actor.at, updatedAt: actor.at },
    ]);
    if (!row) throw new AppError('internal', '写入失败 / insert failed');
    const view = toMetricView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'metric.created',
      entityType: 'metric',
      entityId: row.code,
      after: view,
    });
    return view;
  });
}

export async function updateMetric(
  db: Db,
  code: string,
  input: UpdateMetricRequest,
  actor: Actor,
): Promise<MetricView> {
  return db.transaction(async (tx) => {
    const current = await getMetricRow(tx, code);
    assertVersion(`指标 metric ${code}`, current, input.version);
    const { version, ...changes } = input;
    const merged = metricDefinitionSchema.safeParse({
      ...toMetricDefinition(current),
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    });
    if (!merged.success) {
      throw new AppError('invalid_input', '指标定义无效 / invalid metric definition', {
        issues: merged.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })),
      });
    }
    await checkDerivationReferences(tx, merged.data);
    const { code: _code, ...values } = merged.data;
    const row = await updateMetricRow(tx, code, version, { ...values, updatedAt: actor.at });
    if (!row) throw staleVersion(`指标 metric ${code}`, current.version + 1, version);
    const view = toMetricView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'metric.updated',
      entityType: 'metric',
      entityId: code,
      before: toMetricView(current),
      after: view,
    });
    return view;
  });
}

// ── observations ──────────────────────────────────────────────────────────────────────────────────

export function toObservationView(row: ObservationRow): ObservationView {
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectCode: row.subjectCode,
    metric: row.metricCode,
    period: row.period,
    periodKind: row.periodKind,
    value: row.value,
    source: row.source,
    status: row.status,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export async function listObservations(db: DbOrTx, user: SessionUser, query: ListObservationsQuery) {
  const { rows, total } = await listObservationRows(db, {
    filter: {
      metric: query.metric,
      subjectType: query.subjectType,
      subjectCode: query.subjectCode,
      periodKind: query.periodKind,
      periodEndFrom: query.periodFrom ? periodEndDate(query.periodFrom) : undefined,
      periodEndTo: query.periodTo ? periodEndDate(query.periodTo) : undefined,
      status: query.status,
      source: query.source,
    },
    scope: registryScopeOf(user),
    page: query.page,
    pageSize: query.pageSize,
  });
  return pagedResult(rows, total, query, toObservationView);
}

/**
 * Subject types each scope may write: the province everything; a department (e.g. the statistics
 * bureau, 工信厅) the province- and industry-level figures it publishes; a city bureau its
 * enterprises, clusters, parks and city; a cluster organisation its clusters and their members.
 */
export const writableSubjectTypes: Record<SessionUser['scope']['kind'], readonly SubjectType[]> = {
  province: ['enterprise', 'cluster', 'park', 'city', 'province', 'industry'],
  department: ['province', 'industry'],
  city: ['enterprise', 'cluster', 'park', 'city'],
  cluster: ['enterprise', 'cluster'],
  assignment: [],
  none: [],
};

/** Subjects among `keys` that exist and lie in the scope (read scope: province and industry are public). */
async function findSubjectsInScope(
  db: DbOrTx,
  scope: RegistryScope,
  subjects: { subjectType: SubjectType; subjectCode: string }[],
): Promise<Set<string>> {
  const codesOf = (type: SubjectType) => [
    ...new Set(subjects.filter((s) => s.subjectType === type).map((s) => s.subjectCode)),
  ];
  const found = new Set<string>();
  const add = (type: SubjectType, codes: Iterable<string>) => {
    for (const code of codes) found.add(`${type}|${code}`);
  };
  add('enterprise', await findEnterprisesInScope(db, codesOf('enterprise'), scope));
  add('cluster', await findClustersInScope(db, codesOf('cluster'), scope));
  add('park', await findParksInScope(db, codesOf('park'), scope));
  const cities = await findRegionCodes(db, codesOf('city'), 'city');
  add(
    'city',
    [...cities].filter(
      (c) => scope.kind === 'all' || (scope.kind === 'cities' && scope.cityCodes.includes(c)),
    ),
  );
  if (scope.kind !== 'nothing') {
    add('province', await findRegionCodes(db, codesOf('province'), 'province'));
    add(
      'industry',
      codesOf('industry').filter((c) => (industryCodes as readonly string[]).includes(c)),
    );
  }
  return found;
}

const itemError = (
  code: 'invalid_input' | 'rule_violated' | 'forbidden' | 'locked',
  index: number,
  zh: string,
  en: string,
  extra: Record<string, unknown> = {},
) => new AppError(code, `第 ${index + 1} 条：${zh} / item ${index + 1}: ${en}`, { index, ...extra });

/**
 * Writes observations all-or-nothing in one short transaction (audited), then recomputes the derived
 * cluster metrics of the periods touched, outside the transaction. Upsert by natural key; an unchanged
 * value is not rewritten. Refused: metrics unknown (400) or not observed for the subject type or
 * period kind, derived values (422); subject types the role may not write (403); subjects outside the
 * scope (404); accepted figures without review permission (423); a stale `version` (409).
 */
export async function upsertObservations(
  db: Db,
  user: SessionUser,
  items: ObservationInput[],
  actor: Actor,
): Promise<{ result: ObservationBatchResult; rows: ObservationRow[] }> {
  const seen = new Map<string, number>();
  const metrics = new Map<string, MetricDefinition>();
  const writable = writableSubjectTypes[user.scope.kind];
  const canReview = user.permissions.includes('data.review');
  for (const [index, item] of items.entries()) {
    const key = observationKeyOf({ ...item, metricCode: item.metric });
    const first = seen.get(key);
    if (first !== undefined) {
      throw itemError('invalid_input', index, `与第 ${first + 1} 条重复`, `duplicate of item ${first + 1}`, {
        duplicateOf: first,
      });
    }
    seen.set(key, index);
    if (!writable.includes(item.subjectType)) {
      throw itemError(
        'forbidden',
        index,
        `无权填报${item.subjectType}级数据`,
        `may not write ${item.subjectType} observations`,
      );
    }
    if (item.status === 'accepted' && !canReview) {
      throw itemError(
        'forbidden',
        index,
        '只有审核人可将数据设为已确认',
        'only a reviewer may mark a figure accepted',
      );
    }
    let metric = metrics.get(item.metric);
    if (!metric) {
      const row = await findMetricRow(db, item.metric);
      if (!row)
        throw itemError('invalid_input', index, `未知指标 ${item.metric}`, `unknown metric ${item.metric}`);
      metric = toMetricDefinition(row);
      metrics.set(item.metric, metric);
    }
    if (!metric.subjectTypes.includes(item.subjectType)) {
      throw itemError(
        'rule_violated',
        index,
        `指标 ${item.metric} 不适用于该主体类型`,
        `metric ${item.metric} is not observed for ${item.subjectType}`,
      );
    }
    if (isDerivedFor(metric, item.subjectType)) {
      throw itemError(
        'rule_violated',
        index,
        `指标 ${item.metric} 由汇总计算，不能填报`,
        `metric ${item.metric} is derived for ${item.subjectType}, not entered`,
      );
    }
    if (!metric.periodKinds.includes(periodKind(item.period))) {
      throw itemError(
        'rule_violated',
        index,
        `指标 ${item.metric} 不按此期间类型报送`,
        `metric ${item.metric} is not reported for ${periodKind(item.period)} periods`,
      );
    }
  }
  const inScope = await findSubjectsInScope(db, registryScopeOf(user), items);
  for (const [index, item] of items.entries()) {
    if (!inScope.has(`${item.subjectType}|${item.subjectCode}`)) {
      throw new AppError('not_found', `未找到 / not found: ${item.subjectType} ${item.subjectCode}`, {
        index,
      });
    }
  }

  const { result, rows, changed } = await db.transaction(async (tx) => {
    const keys: ObservationKey[] = items.map((i) => ({ ...i, metricCode: i.metric }));
    const existing = new Map(
      (await findObservationRows(tx, keys, { forUpdate: true })).map((r) => [observationKeyOf(r), r]),
    );
    // figures of an accepted data-collection submission stay as accepted until it is reopened (ADR 0012)
    const locks = await findLockRows(
      tx,
      keys.map((k) => ({ ...k, period: formatPeriod(k.period) })),
    );
    const toInsert: (typeof observations.$inferInsert)[] = [];
    const written: ObservationRow[] = [];
    const changes: { before: ObservationView | null; after: ObservationInput }[] = [];
    let unchanged = 0;
    for (const [index, item] of items.entries()) {
      const current = existing.get(observationKeyOf({ ...item, metricCode: item.metric }));
      const lockedBy = locks.get(
        lockKeyOf({ ...item, metricCode: item.metric, period: formatPeriod(item.period) }),
      );
      if (lockedBy) {
        throw itemError(
          'locked',
          index,
          '该数据已随报送确认并锁定，需省级重新开启',
          'the figure was accepted with a data-collection submission and is locked until it is reopened',
          { reason: 'accepted_submission', submissionId: lockedBy },
        );
      }
      if (item.version !== undefined && current?.version !== item.version) {
        throw new AppError(
          'conflict',
          `第 ${index + 1} 条已被他人修改，请刷新后重试 / item ${index + 1} was changed by someone else: reload and try again`,
          {
            reason: 'stale_version',
            index,
            currentVersion: current?.version ?? null,
            sentVersion: item.version,
          },
        );
      }
      if (!current) {
        toInsert.push({
          subjectType: item.subjectType,
          subjectCode: item.subjectCode,
          metricCode: item.metric,
          period: formatPeriod(item.period),
          periodKind: periodKind(item.period),
          periodEnd: periodEndDate(item.period),
          value: item.value,
          source: item.source,
          status: item.status,
          createdAt: actor.at,
          updatedAt: actor.at,
          updatedBy: actor.actorName,
        });
        changes.push({ before: null, after: item });
        continue;
      }
      if (current.status === 'accepted' && !canReview) {
        throw itemError('locked', index, '已确认的数据已锁定', 'an accepted figure is locked');
      }
      if (current.value === item.value && current.status === item.status && current.source === item.source) {
        unchanged++;
        written.push(current);
        continue;
      }
      const row = await updateObservationRow(tx, current.id, {
        value: item.value,
        source: item.source,
        status: item.status,
        updatedAt: actor.at,
        updatedBy: actor.actorName,
      });
      if (row) written.push(row);
      changes.push({ before: toObservationView(current), after: item });
    }
    const inserted = await insertObservationRows(tx, toInsert);
    if (changes.length > 0) {
      await appendAudit(tx, {
        ...actor,
        action: items.length === 1 ? 'observation.upserted' : 'observations.upserted',
        entityType: 'observation',
        entityId:
          items.length === 1 && items[0]
            ? observationKeyOf({ ...items[0], metricCode: items[0].metric })
            : null,
        after: { created: inserted.length, updated: changes.length - inserted.length, changes },
      });
    }
    return {
      changed: changes.map((c) => c.after),
      rows: [...written, ...inserted],
      result: {
        written: changes.length,
        created: inserted.length,
        updated: changes.length - inserted.length,
        unchanged,
        recomputedPeriods: [] as string[],
      },
    };
  });

  // Derived cluster values follow enterprise figures (and the province figures gaps refer to): for
  // each period with a changed figure, recompute the derived metrics reading the changed metrics.
  const catalogue = (await listMetricRows(db)).map(toMetricDefinition);
  const byPeriod = new Map<string, Set<string>>();
  for (const item of changed) {
    if (item.subjectType !== 'enterprise' && item.subjectType !== 'province') continue;
    const period = formatPeriod(item.period);
    byPeriod.set(period, (byPeriod.get(period) ?? new Set()).add(item.metric));
  }
  for (const period of [...byPeriod.keys()].sort()) {
    const affected = metricsAffectedBy(catalogue, [...(byPeriod.get(period) ?? [])]);
    if (affected.length === 0) continue;
    await recomputeClusterMetrics(db, { period, metrics: affected }, actor);
    result.recomputedPeriods.push(period);
  }
  return { result, rows };
}

/** Growth between comparable periods only (422 otherwise); 404 for a subject outside the scope. */
export async function getGrowth(db: DbOrTx, user: SessionUser, query: GrowthQuery): Promise<GrowthView> {
  const previous = query.previous ?? previousComparable(query.period);
  if (!isComparable(query.period, previous)) {
    comparableGrowth({ period: query.period, value: 0 }, { period: previous, value: 0 });
  }
  const inScope = await findSubjectsInScope(db, registryScopeOf(user), [query]);
  if (!inScope.has(`${query.subjectType}|${query.subjectCode}`)) {
    throw notFound(`${query.subjectType} ${query.subjectCode}`);
  }
  await getMetricRow(db, query.metric);
  const key = { subjectType: query.subjectType, subjectCode: query.subjectCode, metricCode: query.metric };
  const rows = await findObservationRows(db, [
    { ...key, period: formatPeriod(query.period) },
    { ...key, period: formatPeriod(previous) },
  ]);
  const value = rows.find((r) => r.period === formatPeriod(query.period))?.value ?? null;
  const previousValue = rows.find((r) => r.period === formatPeriod(previous))?.value ?? null;
  const growth =
    value === null || previousValue === null
      ? null
      : comparableGrowth({ period: query.period, value }, { period: previous, value: previousValue });
  return {
    subjectType: query.subjectType,
    subjectCode: query.subjectCode,
    metric: query.metric,
    period: formatPeriod(query.period),
    previous: formatPeriod(previous),
    value,
    previousValue,
    growth,
  };
}
