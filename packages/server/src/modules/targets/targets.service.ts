import { AppError, unitCodeByName } from '@qunce/core';
import {
  assessTargetSet,
  buildPolicyTargetSet,
  type ClusterHistoryEvent,
  type ClusterStatus,
  type ClusterTier,
  clusterStateOn,
  defaultProgressThresholds,
  expandObligations,
  isRecognisedOn,
  type Pattern3830Response,
  type PolicyDocument,
  type ProgressThresholds,
  policyDocumentSchema,
  type ReportTargetValueRequest,
  summariseIndustryScale,
  summarisePattern3830,
  type Target,
  type TargetBaseline,
  type TargetObservation,
  type TargetSet,
  type TargetSetSummary,
  type TargetsResponse,
  targetSchema,
} from '@qunce/core/targets';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { targetDefinitions, targetReportedValues, targetSets } from '../../db/schema/index.ts';
import { type Actor, getReadableAttachment } from '../attachments/attachments.service.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { describeAcceptance } from '../collection/collection.service.ts';
import { readCitiesFile, readReferenceJson } from '../reference/reference.seed.ts';
import { seedPolicyTasks } from '../tasks/tasks.service.ts';
import {
  countCarriers,
  countCumulativeGrants,
  countDesignationsOnDates,
  countEcoParks,
  countValidDesignationHolders,
  type DesignationCountRequest,
  findTargetSetRow,
  listClustersWithHistory,
  listIndustryObservations,
  listReportedValueRows,
  listTargetDefinitionRows,
  listTargetSetRows,
} from './targets.repository.ts';

/** The 2023 policy's set code (鲁政办字〔2023〕185号). */
export const policySetCode = 'policy-2023-185';
/** Metric of the yearly industry output observations (亿元) behind T04/T05 and the 3830 view. */
export const industryOutputMetric = 'industry-output-reported';

export function readPolicyDocument(): PolicyDocument {
  return policyDocumentSchema.parse(readReferenceJson('policy-2023-185.json'));
}

/**
 * Seeds the 2023 policy's target set (version 1) and its tasks from the reference JSON. Idempotent: an
 * existing version is left as it is (baselines and thresholds edited since stay).
 */
export async function ensurePolicyTargetSet(db: Db, at: Date): Promise<void> {
  const policy = readPolicyDocument();
  const set = buildPolicyTargetSet(policy, { code: policySetCode });
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(targetSets)
      .values({
        code: set.code,
        version: set.version,
        name: set.name,
        documentNumber: set.document.number,
        documentTitle: set.document.title,
        issuedOn: set.document.issued,
        thresholds: defaultProgressThresholds,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ code: targetSets.code });
    if (inserted.length > 0) {
      await tx.insert(targetDefinitions).values(
        set.targets.map((definition, i) => ({
          setCode: set.code,
          setVersion: set.version,
          code: definition.code,
          sortOrder: i,
          definition,
        })),
      );
      await appendAudit(tx, {
        actorId: null,
        actorName: 'system',
        action: 'targets.set_seeded',
        entityType: 'target_set',
        entityId: `${set.code}@${set.version}`,
        after: { targets: set.targets.length },
        at,
      });
    }
    await seedPolicyTasks(tx, set.code, policy);
  });
}

export type LoadedTargetSet = { set: TargetSet; thresholds: ProgressThresholds; issuedOn: string };

/** A set version with its targets; default the newest version of the most recently issued set. */
export async function loadTargetSet(db: DbOrTx, code?: string, version?: number): Promise<LoadedTargetSet> {
  const row = code ? await findTargetSetRow(db, code, version) : (await listTargetSetRows(db))[0];
  if (!row) {
    throw new AppError(
      'not_found',
      `未找到目标集 / no target set ${code ?? ''}${version ? `@${version}` : ''}`,
      {
        set: code ?? null,
        version: version ?? null,
      },
    );
  }
  const definitions = await listTargetDefinitionRows(db, row.code, row.version);
  const set: TargetSet = {
    code: row.code,
    version: row.version,
    name: row.name,
    document: { number: row.documentNumber, title: row.documentTitle, issued: row.issuedOn },
    targets: definitions.map((d) => d.definition),
  };
  return { set, thresholds: row.thresholds, issuedOn: row.issuedOn };
}

export async function listTargetSets(db: DbOrTx): Promise<TargetSetSummary[]> {
  const rows = await listTargetSetRows(db);
  const out: TargetSetSummary[] = [];
  for (const row of rows) {
    const defs = await listTargetDefinitionRows(db, row.code, row.version);
    const deadlines = defs.map((d) => d.definition.deadline).sort();
    out.push({
      code: row.code,
      version: row.version,
      name: row.name,
      documentNumber: row.documentNumber,
      issuedOn: row.issuedOn,
      deadline: deadlines.at(-1) ?? null,
      targetCount: defs.length,
      thresholds: row.thresholds,
    });
  }
  return out;
}

/** The dates a target's actual is computed on: each 31 December after the start, and `asOf` itself. */
export function assessmentDates(target: Target, asOf: string, startYear: number): string[] {
  const end = asOf < target.deadline ? asOf : target.deadline;
  const first = target.baseline ? Number(target.baseline.date.slice(0, 4)) + 1 : startYear;
  const dates: string[] = [];
  for (let y = first; `${y}-12-31` <= end; y++) dates.push(`${y}-12-31`);
  if (asOf < target.deadline && !dates.includes(asOf) && asOf > (target.baseline?.date ?? ''))
    dates.push(asOf);
  return dates;
}

type ClusterOnDate = {
  code: string;
  tier: ClusterTier;
  status: ClusterStatus;
  cultivationTarget: ClusterTier;
  recognised: boolean;
};

/** The live clusters' states on any date, rebuilt from their history (deleted ones until their deletion). */
export async function clusterStates(db: DbOrTx): Promise<(date: string) => ClusterOnDate[]> {
  const { rows, history } = await listClustersWithHistory(db);
  const byCluster = new Map<string, ClusterHistoryEvent[]>();
  for (const h of history) {
    const list = byCluster.get(h.clusterCode) ?? [];
    list.push(h);
    byCluster.set(h.clusterCode, list);
  }
  return (date) =>
    rows.flatMap((r) => {
      const events = byCluster.get(r.code) ?? [];
      if (r.deletedAt !== null && !events.some((e) => e.field === 'deleted')) return [];
      const state = clusterStateOn({ tier: r.tier, status: r.status }, events, date);
      if (!state.exists) return [];
      return [
        {
          code: r.code,
          tier: state.tier,
          status: state.status,
          // Today's cultivation target: the view is about where clusters are being taken now.
          cultivationTarget: r.cultivationTarget,
          recognised: isRecognisedOn(state),
        },
      ];
    });
}

const scopeText = {
  'recognised-clusters': {
    zh: '认定集群内（当日成员企业）',
    en: 'in recognised clusters (members on the date)',
  },
  province: { zh: '全省', en: 'whole province' },
} as const;
const countingText = {
  'valid-on-date': {
    zh: '当日持有有效认定的企业（去重）',
    en: 'distinct holders of a valid designation on the date',
  },
  'cumulative-grants': {
    zh: '截至当日累计认定（含已到期）',
    en: 'every grant up to the date (累计, expired included)',
  },
} as const;

type RegistryBinding = Extract<Target['binding'], { kind: 'registry' }>;

/** A registry-bound target's value on a date; null when it has no denominator (no parks in scope). */
export async function registryValueOn(
  db: DbOrTx,
  states: (date: string) => ClusterOnDate[],
  binding: RegistryBinding,
  date: string,
): Promise<number | null> {
  const { measure, scope, counting } = binding;
  const clustersOn = states(date);
  if (measure.subject === 'clusters') {
    return clustersOn.filter((c) => c.recognised && c.tier === measure.tier).length;
  }
  const inScope = scope === 'province' ? null : clustersOn.filter((c) => c.recognised).map((c) => c.code);
  if (measure.subject === 'designations') {
    return counting === 'valid-on-date'
      ? countValidDesignationHolders(db, measure.designations, date, inScope)
      : countCumulativeGrants(db, measure.designations, date, inScope);
  }
  if (measure.subject === 'carriers') return countCarriers(db, measure.level, date, inScope);
  const p = await countEcoParks(db, inScope);
  return p.parks === 0 ? null : (100 * p.eco) / p.parks;
}

/**
 * The values of registry-bound targets on their assessment dates, as `registryValueOn` gives them one by
 * one, with every designation count of every target and date in one query (`countDesignationsOnDates`):
 * the target board's first read after a write was ~50 counting queries (docs/targets.md, "Speed").
 */
export async function registryValuesOn(
  db: DbOrTx,
  states: (date: string) => ClusterOnDate[],
  items: readonly { code: string; binding: RegistryBinding; dates: readonly string[] }[],
): Promise<Map<string, Map<string, number | null>>> {
  const recognisedOn = new Map<string, string[]>();
  const scopeOn = (date: string) => {
    let codes = recognisedOn.get(date);
    if (!codes) {
      codes = states(date)
        .filter((c) => c.recognised)
        .map((c) => c.code);
      recognisedOn.set(date, codes);
    }
    return codes;
  };
  const requests: DesignationCountRequest[] = [];
  for (const { code, binding, dates } of items) {
    if (binding.measure.subject !== 'designations') continue;
    requests.push({
      key: code,
      kinds: binding.measure.designations,
      counting: binding.counting,
      isScoped: binding.scope !== 'province',
      dates,
    });
  }
  const counts = await countDesignationsOnDates(db, requests, scopeOn);
  // The park share has no dated history: dates with the same clusters in scope share one count.
  const parkShares = new Map<string, number | null>();
  const out = new Map<string, Map<string, number | null>>();
  for (const { code, binding, dates } of items) {
    const values = new Map<string, number | null>();
    for (const date of dates) {
      const { subject } = binding.measure;
      let value: number | null;
      if (subject === 'designations') value = counts.get(code)?.get(date) ?? 0;
      else if (subject === 'park-share') {
        const key = binding.scope === 'province' ? '*' : scopeOn(date).join(',');
        const known = parkShares.get(key);
        value = known !== undefined ? known : await registryValueOn(db, states, binding, date);
        parkShares.set(key, value);
      } else value = await registryValueOn(db, states, binding, date);
      values.set(date, value);
    }
    out.set(code, values);
  }
  return out;
}

export type TargetActuals = {
  observations: Record<string, TargetObservation[]>;
  sources: Record<string, { zh: string; en: string }>;
};

/** The actual values of every target of the set up to `asOf`, computed live from the registries or read from reports. */
export async function computeActuals(
  db: DbOrTx,
  loaded: LoadedTargetSet,
  asOf: string,
): Promise<TargetActuals> {
  const { set } = loaded;
  const startYear = Number(loaded.issuedOn.slice(0, 4));
  const states = await clusterStates(db);
  const reported = await listReportedValueRows(db, set.code);
  const policy = readPolicyDocument();
  const industryCodes = policy.industries.map((i) => i.code);
  const industryRows = await listIndustryObservations(db, industryOutputMetric, industryCodes);
  const observations: Record<string, TargetObservation[]> = {};
  const sources: Record<string, { zh: string; en: string }> = {};
  const registryItems = set.targets.flatMap((target) =>
    target.binding.kind === 'registry'
      ? [{ code: target.code, binding: target.binding, dates: assessmentDates(target, asOf, startYear) }]
      : [],
  );
  const registryValues = await registryValuesOn(db, states, registryItems);
  // T04 and T05 read the same years: ask data collection once per year.
  const unacceptedByYear = new Map<string, number>();
  const unacceptedIn = async (period: string) => {
    let n = unacceptedByYear.get(period);
    if (n === undefined) {
      const acceptance = await describeAcceptance(db, {
        metric: industryOutputMetric,
        subjectType: 'industry',
        period,
        subjectCodes: industryCodes,
      });
      n = acceptance.unaccepted;
      unacceptedByYear.set(period, n);
    }
    return n;
  };
  for (const target of set.targets) {
    const binding = target.binding;
    const points: TargetObservation[] = [];
    if (binding.kind === 'reported') {
      for (const r of reported) {
        if (r.targetCode === target.code && r.valueDate <= asOf)
          points.push({ date: r.valueDate, value: r.value });
      }
      sources[target.code] = {
        zh: `由${binding.reporter}按年度报送（附佐证材料）`,
        en: `reported yearly by ${binding.reporter} with evidence`,
      };
    } else if (binding.kind === 'industry-output') {
      const years = [...new Set(industryRows.map((r) => r.periodEnd))].filter((d) => d <= asOf).sort();
      let unaccepted = 0;
      for (const date of years) {
        const rows = industryRows.filter((r) => r.periodEnd === date);
        // Figures not (yet) accepted through data collection are used, and said to be.
        unaccepted += await unacceptedIn(date.slice(0, 4));
        const groups = summariseIndustryScale(
          policy,
          rows.map((r) => ({ industryCode: r.subjectCode, outputYuan: r.value * 1e8 })),
        );
        const group = groups.find((g) => g.code === binding.scaleGroup);
        if (group) points.push({ date, value: group.reached });
      }
      sources[target.code] = {
        zh: `省工业和信息化厅报送的产业年产值（亿元）达到门槛的产业数${unaccepted > 0 ? `；含 ${unaccepted} 个未审核数` : ''}`,
        en: `policy industries whose yearly output reported by the department reaches the threshold${unaccepted > 0 ? `; ${unaccepted} unaccepted figures included` : ''}`,
      };
    } else {
      const { measure, scope, counting } = binding;
      for (const [date, value] of registryValues.get(target.code) ?? []) {
        if (value !== null) points.push({ date, value });
      }
      sources[target.code] =
        measure.subject === 'clusters'
          ? {
              zh: `当日为${measure.tier}层级的认定集群数`,
              en: `recognised clusters of tier ${measure.tier} on the date`,
            }
          : {
              zh: `登记库实时计算：${scopeText[scope].zh}，${countingText[counting].zh}`,
              en: `computed live from the registries: ${scopeText[scope].en}, ${countingText[counting].en}`,
            };
    }
    observations[target.code] = points;
  }
  return { observations, sources };
}

/** Status, calculation and forecast of every target of a set on a date (the rows of GET /api/targets and the CLI). */
export async function getTargetsStatus(
  db: DbOrTx,
  query: { set?: string | undefined; version?: number | undefined; date: string },
): Promise<TargetsResponse> {
  const loaded = await loadTargetSet(db, query.set, query.version);
  const actuals = await computeActuals(db, loaded, query.date);
  const status = assessTargetSet({
    set: loaded.set,
    observations: actuals.observations,
    asOf: query.date,
    thresholds: loaded.thresholds,
  });
  const cities = readCitiesFile().cities.map((c) => ({ code: c.code, name: c.name }));
  const byCode = new Map(loaded.set.targets.map((t) => [t.code, t]));
  return {
    ...status,
    name: loaded.set.name,
    thresholds: loaded.thresholds,
    targets: status.targets.map((row) => {
      const target = byCode.get(row.code);
      return {
        ...row,
        taskCode: target?.taskCode ?? '',
        obligations: target ? expandObligations(target.departments, cities) : [],
        source: actuals.sources[row.code] ?? { zh: '', en: '' },
      };
    }),
  };
}

/** The 3830 view on a date: clusters against 3 / 8 / 30, industries against the scale goals. */
export async function getPattern3830(db: DbOrTx, date: string): Promise<Pattern3830Response> {
  const policy = readPolicyDocument();
  const states = await clusterStates(db);
  const clusters = summarisePattern3830(
    policy.pattern3830,
    states(date).map((c) => ({
      code: c.code,
      tierReached: c.tier,
      cultivationTarget: c.cultivationTarget,
      status: c.status,
    })),
  );
  const industryRows = await listIndustryObservations(
    db,
    industryOutputMetric,
    policy.industries.map((i) => i.code),
  );
  const years = [...new Set(industryRows.map((r) => r.periodEnd))].filter((d) => d <= date).sort();
  const latestYear = years.at(-1) ?? null;
  const industries = summariseIndustryScale(
    policy,
    industryRows
      .filter((r) => r.periodEnd === latestYear)
      .map((r) => ({ industryCode: r.subjectCode, outputYuan: r.value * 1e8 })),
  );
  return {
    date,
    pattern: policy.pattern3830,
    clusters,
    industries: { period: latestYear?.slice(0, 4) ?? null, groups: industries },
  };
}

/** The organisation codes that own a target (lead and co-owners; 各市人民政府 = every city bureau). */
export function targetOwnerCodes(target: Target): string[] {
  return [target.departments.lead, ...target.departments.coOwners]
    .map((unit) => unitCodeByName(unit))
    .filter((c): c is string => c !== undefined);
}

async function getTarget(
  db: DbOrTx,
  setCode: string | undefined,
  code: string,
): Promise<{ loaded: LoadedTargetSet; target: Target }> {
  const loaded = await loadTargetSet(db, setCode);
  const target = loaded.set.targets.find((t) => t.code === code);
  if (!target) throw new AppError('not_found', `无此目标 / no target ${code}`, { code });
  return { loaded, target };
}

/**
 * A department reports the value of a `reported` target it owns for a year (value dated 31 December),
 * with evidence; the province may report for anyone. A second report for the year replaces the first
 * (audited with before and after). Registry-bound targets are computed, not reported: 422.
 */
export async function reportTargetValue(
  db: Db,
  user: SessionUser,
  setCode: string | undefined,
  code: string,
  input: ReportTargetValueRequest,
  actor: Actor,
) {
  const { loaded, target } = await getTarget(db, setCode, code);
  if (target.binding.kind !== 'reported') {
    throw new AppError(
      'rule_violated',
      `目标 ${code} 由登记库计算，不能报送 / target ${code} is computed, not reported`,
      {
        code,
        binding: target.binding.kind,
      },
    );
  }
  const owners = targetOwnerCodes(target);
  const department = user.scope.kind === 'department' ? user.scope.departmentCode : user.organisation?.code;
  if (user.scope.kind !== 'province' && !(department && owners.includes(department))) {
    throw new AppError(
      'forbidden',
      `只有责任单位可报送目标 ${code} / only the responsible departments may report ${code}`,
      {
        code,
        owners,
      },
    );
  }
  const departmentCode = user.scope.kind === 'province' ? (owners[0] ?? 'dept-miit') : (department ?? '');
  for (const id of input.attachmentIds) await getReadableAttachment(db, user, id);
  const valueDate = `${input.period}-12-31`;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(targetReportedValues)
      .where(
        and(
          eq(targetReportedValues.setCode, loaded.set.code),
          eq(targetReportedValues.targetCode, code),
          eq(targetReportedValues.valueDate, valueDate),
        ),
      );
    const values = {
      setCode: loaded.set.code,
      targetCode: code,
      period: input.period,
      valueDate,
      value: input.value,
      note: input.note ?? null,
      attachmentIds: input.attachmentIds,
      departmentCode,
      reportedBy: actor.actorName,
      reportedAt: actor.at,
    };
    const [row] = await tx
      .insert(targetReportedValues)
      .values(values)
      .onConflictDoUpdate({
        target: [
          targetReportedValues.setCode,
          targetReportedValues.targetCode,
          targetReportedValues.valueDate,
        ],
        set: values,
      })
      .returning();
    await appendAudit(tx, {
      ...actor,
      action: 'targets.value_reported',
      entityType: 'target',
      entityId: `${loaded.set.code}/${code}`,
      before: before ? { period: before.period, value: before.value } : null,
      after: { period: input.period, value: input.value, attachmentIds: input.attachmentIds },
    });
    return {
      setCode: loaded.set.code,
      targetCode: code,
      period: input.period,
      date: valueDate,
      value: row?.value ?? input.value,
      departmentCode,
      attachmentIds: row?.attachmentIds ?? [],
    };
  });
}

/** Sets (or clears) a target's baseline; province only (targets.manage), audited. */
export async function setTargetBaseline(
  db: Db,
  setCode: string | undefined,
  code: string,
  baseline: TargetBaseline | null,
  actor: Actor,
): Promise<Target> {
  const { loaded, target } = await getTarget(db, setCode, code);
  const parsed = targetSchema.safeParse({ ...target, baseline });
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      `基期值无效 / invalid baseline: ${parsed.error.issues[0]?.message ?? ''}`,
      {
        field: 'baseline',
      },
    );
  }
  await db.transaction(async (tx) => {
    await tx
      .update(targetDefinitions)
      .set({ definition: parsed.data })
      .where(
        and(
          eq(targetDefinitions.setCode, loaded.set.code),
          eq(targetDefinitions.setVersion, loaded.set.version),
          eq(targetDefinitions.code, code),
        ),
      );
    await appendAudit(tx, {
      ...actor,
      action: 'targets.baseline_set',
      entityType: 'target',
      entityId: `${loaded.set.code}@${loaded.set.version}/${code}`,
      before: target.baseline,
      after: baseline,
    });
  });
  return parsed.data;
}

/** Changes the progress thresholds of a set version (validated in core: decreasing); audited. */
export async function setTargetSetThresholds(
  db: Db,
  setCode: string,
  thresholds: ProgressThresholds,
  actor: Actor,
): Promise<ProgressThresholds> {
  const loaded = await loadTargetSet(db, setCode);
  await db.transaction(async (tx) => {
    await tx
      .update(targetSets)
      .set({ thresholds })
      .where(and(eq(targetSets.code, loaded.set.code), eq(targetSets.version, loaded.set.version)));
    await appendAudit(tx, {
      ...actor,
      action: 'targets.thresholds_set',
      entityType: 'target_set',
      entityId: `${loaded.set.code}@${loaded.set.version}`,
      before: loaded.thresholds,
      after: thresholds,
    });
  });
  return thresholds;
}

/**
 * Stores a new target set version (e.g. the 2030 set, or a revision of the 2023 one): 409 when that
 * (code, version) exists. The definitions are validated by the core schema (route body).
 */
export async function createTargetSet(
  db: Db,
  set: TargetSet,
  thresholds: ProgressThresholds,
  actor: Actor,
): Promise<TargetSetSummary> {
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(targetSets)
      .values({
        code: set.code,
        version: set.version,
        name: set.name,
        documentNumber: set.document.number,
        documentTitle: set.document.title,
        issuedOn: set.document.issued,
        thresholds,
        createdAt: actor.at,
      })
      .onConflictDoNothing()
      .returning({ code: targetSets.code });
    if (inserted.length === 0) {
      throw new AppError(
        'conflict',
        `目标集 ${set.code} 第 ${set.version} 版已存在 / target set ${set.code}@${set.version} exists`,
        {
          set: set.code,
          version: set.version,
        },
      );
    }
    await tx.insert(targetDefinitions).values(
      set.targets.map((definition, i) => ({
        setCode: set.code,
        setVersion: set.version,
        code: definition.code,
        sortOrder: i,
        definition,
      })),
    );
    await appendAudit(tx, {
      ...actor,
      action: 'targets.set_created',
      entityType: 'target_set',
      entityId: `${set.code}@${set.version}`,
      after: { name: set.name, targets: set.targets.map((t) => t.code), thresholds },
    });
  });
  const summary = (await listTargetSets(db)).find((s) => s.code === set.code && s.version === set.version);
  if (!summary) throw new Error('created target set not found');
  return summary;
}

/** The reported values of a target with their evidence, oldest first. */
export async function listReportedValues(db: DbOrTx, setCode: string | undefined, code: string) {
  const { loaded } = await getTarget(db, setCode, code);
  const rows = await listReportedValueRows(db, loaded.set.code);
  return rows
    .filter((r) => r.targetCode === code)
    .map((r) => ({
      period: r.period,
      date: r.valueDate,
      value: r.value,
      note: r.note,
      attachmentIds: r.attachmentIds,
      departmentCode: r.departmentCode,
      reportedBy: r.reportedBy,
      reportedAt: r.reportedAt.toISOString(),
    }));
}
