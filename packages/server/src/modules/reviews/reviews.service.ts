/**
 * Triennial reviews (复核; issue 7, item 6; docs/evaluations.md): every recognised cluster is due three
 * years after its recognition (or its last passed review); the review scores it alone on its framework
 * version's absolute scale against the version's review line and records pass, rectify (deadline, then
 * a follow-up check) or revoke. Rectification and revocation change the cluster's status (revocation
 * also its tier, to candidate) with a dated history row carrying the document number.
 */
import { AppError } from '@qunce/core';
import type { CreateReviewRequest, FollowUpRequest, ReviewView } from '@qunce/core/frameworks';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { ClusterReviewRow } from '../../db/schema/evaluations.ts';
import type { ClusterHistoryRow, ClusterRow } from '../../db/schema/registry.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { insertClusterHistory, updateClusterRow } from '../clusters/clusters.repository.ts';
import { toClusterView } from '../clusters/clusters.service.ts';
import type { StoredResults } from '../evaluations/evaluations.compute.ts';
import {
  listClusterRowsByCode,
  listFrameworkRows,
  listRunRows,
} from '../evaluations/evaluations.repository.ts';
import { canSeeClusterResult, scoreClusterAlone } from '../evaluations/evaluations.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  findReviewRow,
  insertReview,
  listHistoryRowsOf,
  listRecognisedClusterRows,
  listReviewRows,
  updateReviewFollowUp,
} from './reviews.repository.ts';

export const reviewCycleYears = 3;

const notFound = (what: string) => new AppError('not_found', `未找到 / not found: ${what}`, { what });

/** YYYY-MM-DD plus whole years (29 February → 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * When the cluster was (last) recognised, from its history: the latest creation, tier change to a tier
 * above candidate, or change of status to recognised that did not end a rectification.
 */
export function recognisedOnOf(history: readonly ClusterHistoryRow[]): string | null {
  let found: string | null = null;
  for (const h of history) {
    const recognition =
      h.field === 'created' ||
      (h.field === 'tier' && h.toValue !== null && h.toValue !== 'candidate') ||
      (h.field === 'status' && h.toValue === 'recognised' && h.fromValue !== 'rectifying');
    if (recognition && (found === null || h.changedOn >= found)) found = h.changedOn;
  }
  return found;
}

/** Date of the last review that restarted the clock: a pass, or a rectification whose follow-up passed. */
function lastPassedOn(reviews: readonly ClusterReviewRow[]): string | null {
  let found: string | null = null;
  for (const r of reviews) {
    const on = r.outcome === 'pass' ? r.decidedOn : r.followUpOutcome === 'pass' ? r.followUpOn : null;
    if (on && (found === null || on > found)) found = on;
  }
  return found;
}

const inScope = (user: SessionUser, c: ClusterRow) => canSeeClusterResult(user, c);

export async function listDueReviews(
  db: DbOrTx,
  user: SessionUser,
  query: { on: string; withinDays: number },
) {
  const clusters = (await listRecognisedClusterRows(db)).filter((c) => inScope(user, c));
  const history = await listHistoryRowsOf(
    db,
    clusters.map((c) => c.code),
  );
  const reviews = await listReviewRows(
    db,
    clusters.map((c) => c.code),
  );
  const horizon = addDays(query.on, query.withinDays);
  const items = clusters.flatMap((c) => {
    const recognisedOn = recognisedOnOf(history.filter((h) => h.clusterCode === c.code));
    if (!recognisedOn) return [];
    const lastReviewedOn = lastPassedOn(reviews.filter((r) => r.clusterCode === c.code));
    const start = lastReviewedOn && lastReviewedOn > recognisedOn ? lastReviewedOn : recognisedOn;
    const dueOn = addYears(start, reviewCycleYears);
    if (dueOn > horizon) return [];
    return [
      {
        clusterCode: c.code,
        name: c.name,
        tier: c.tier,
        status: c.status,
        recognisedOn,
        lastReviewedOn,
        dueOn,
        overdue: dueOn < query.on,
      },
    ];
  });
  items.sort((a, b) =>
    a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.clusterCode < b.clusterCode ? -1 : 1,
  );
  return { on: query.on, items };
}

/**
 * Early warning: recognised clusters whose latest published result (latest period) scores below the
 * review line of that run's framework version.
 */
export async function listReviewWarnings(db: DbOrTx, user: SessionUser) {
  const clusters = (await listRecognisedClusterRows(db)).filter((c) => inScope(user, c));
  const lines = new Map((await listFrameworkRows(db)).map((f) => [f.version, f.reviewLine]));
  const runs = (await listRunRows(db, { publishedOnly: true })).sort((a, b) =>
    a.period !== b.period
      ? a.period < b.period
        ? 1
        : -1
      : (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0),
  );
  const parsed = runs.map((run) => ({
    run,
    results: new Map(
      (run.resultsJson ? (JSON.parse(run.resultsJson) as StoredResults).results : []).map((r) => [
        r.clusterCode,
        r,
      ]),
    ),
  }));
  const items = clusters.flatMap((c) => {
    const latest = parsed.find((p) => p.results.has(c.code));
    const result = latest?.results.get(c.code);
    const line = latest ? lines.get(latest.run.frameworkVersion) : undefined;
    if (!latest || !result || line === undefined || result.score >= line) return [];
    return [
      {
        clusterCode: c.code,
        name: c.name,
        tier: c.tier,
        runId: latest.run.id,
        frameworkVersion: latest.run.frameworkVersion,
        period: latest.run.period,
        score: result.score,
        reviewLine: line,
      },
    ];
  });
  return { items };
}

type StoredScore = {
  indicators: ReviewView['indicators'];
  areas: Record<string, number | null>;
  snapshotHash: string;
  specHash: string;
};

export function toReviewView(row: ClusterReviewRow): ReviewView {
  const score = JSON.parse(row.scoreJson) as StoredScore;
  return {
    id: row.id,
    clusterCode: row.clusterCode,
    recognisedOn: row.recognisedOn,
    dueOn: row.dueOn,
    frameworkVersion: row.frameworkVersion,
    period: row.period,
    score: row.score,
    reviewLine: row.reviewLine,
    belowReviewLine: row.belowReviewLine,
    indicators: score.indicators,
    outcome: row.outcome,
    opinion: row.opinion,
    decidedOn: row.decidedOn,
    documentNumber: row.documentNumber,
    rectifyDeadline: row.rectifyDeadline,
    followUp:
      row.followUpOutcome && row.followUpOn
        ? {
            on: row.followUpOn,
            outcome: row.followUpOutcome,
            score: row.followUpScore,
            note: row.followUpNote ?? '',
            documentNumber: row.followUpDocumentNumber,
          }
        : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

async function getClusterInScope(db: DbOrTx, user: SessionUser, code: string): Promise<ClusterRow> {
  const [cluster] = await listClusterRowsByCode(db, [code]);
  if (!cluster || !inScope(user, cluster)) throw notFound(`cluster ${code}`);
  return cluster;
}

export async function listReviews(
  db: DbOrTx,
  user: SessionUser,
  query: { clusterCode?: string | undefined },
) {
  if (query.clusterCode) await getClusterInScope(db, user, query.clusterCode);
  const rows = await listReviewRows(db, query.clusterCode ? [query.clusterCode] : undefined);
  const visible: ReviewView[] = [];
  const clusters = new Map(
    (await listClusterRowsByCode(db, [...new Set(rows.map((r) => r.clusterCode))])).map((c) => [c.code, c]),
  );
  for (const row of rows) {
    const cluster = clusters.get(row.clusterCode);
    if (cluster && inScope(user, cluster)) visible.push(toReviewView(row));
  }
  return { items: visible };
}

export async function getReview(db: DbOrTx, user: SessionUser, id: string): Promise<ReviewView> {
  const row = await findReviewRow(db, id);
  if (!row) throw notFound(`review ${id}`);
  await getClusterInScope(db, user, row.clusterCode);
  return toReviewView(row);
}

/** The status (and tier) a review outcome leaves the cluster in. */
function clusterChangeFor(
  cluster: ClusterRow,
  outcome: 'pass' | 'rectify' | 'revoke',
): Partial<Pick<ClusterRow, 'status' | 'tier'>> {
  if (outcome === 'rectify') return cluster.status === 'rectifying' ? {} : { status: 'rectifying' };
  if (outcome === 'revoke') return { status: 'revoked', tier: 'candidate' };
  return cluster.status === 'rectifying' ? { status: 'recognised' } : {};
}

async function applyClusterChange(
  tx: DbOrTx,
  cluster: ClusterRow,
  change: Partial<Pick<ClusterRow, 'status' | 'tier'>>,
  on: string,
  documentNumber: string | null,
  actor: Actor,
): Promise<void> {
  const fields = (['tier', 'status'] as const).filter(
    (f) => change[f] !== undefined && change[f] !== cluster[f],
  );
  if (fields.length === 0) return;
  const row = await updateClusterRow(tx, cluster.code, cluster.version, { ...change, updatedAt: actor.at });
  if (!row)
    throw new AppError(
      'conflict',
      `集群已被他人修改，请重试 / the cluster changed meanwhile: ${cluster.code}`,
    );
  await insertClusterHistory(
    tx,
    fields.map((field) => ({
      clusterCode: cluster.code,
      changedOn: on,
      field,
      fromValue: cluster[field],
      toValue: row[field],
      documentNumber,
      recordedAt: actor.at,
      recordedBy: actor.actorName,
    })),
  );
  await appendAudit(tx, {
    ...actor,
    action: 'cluster.updated',
    entityType: 'cluster',
    entityId: cluster.code,
    before: toClusterView(cluster),
    after: toClusterView(row),
  });
}

const passBelowLine = (score: number, line: number) =>
  new AppError(
    'rule_violated',
    `综合得分 ${score.toFixed(2)} 低于复核线 ${line}，不能评为通过 / the score ${score.toFixed(2)} is below the review line ${line}: the outcome cannot be pass`,
    { score, reviewLine: line },
  );

export async function createReview(
  db: Db,
  user: SessionUser,
  input: CreateReviewRequest,
  actor: Actor,
): Promise<ReviewView> {
  const cluster = await getClusterInScope(db, user, input.clusterCode);
  if (cluster.tier === 'candidate' || !['recognised', 'rectifying'].includes(cluster.status))
    throw new AppError(
      'rule_violated',
      `只有已认定的集群接受复核 / only a recognised cluster is reviewed: ${cluster.code} is ${cluster.tier} / ${cluster.status}`,
      { tier: cluster.tier, status: cluster.status },
    );
  const scored = await scoreClusterAlone(db, input);
  if (input.outcome === 'pass' && scored.belowReviewLine)
    throw passBelowLine(scored.score, scored.reviewLine);
  const history = await listHistoryRowsOf(db, [cluster.code]);
  const recognisedOn = recognisedOnOf(history);
  const lastPass = lastPassedOn(await listReviewRows(db, [cluster.code]));
  const start = lastPass && recognisedOn && lastPass > recognisedOn ? lastPass : recognisedOn;
  return db.transaction(async (tx) => {
    const row = await insertReview(tx, {
      clusterCode: cluster.code,
      recognisedOn,
      dueOn: start ? addYears(start, reviewCycleYears) : null,
      frameworkVersion: input.frameworkVersion,
      period: input.period,
      score: scored.score,
      reviewLine: scored.reviewLine,
      belowReviewLine: scored.belowReviewLine,
      scoreJson: JSON.stringify({
        indicators: scored.indicators,
        areas: scored.areas,
        snapshotHash: scored.snapshotHash,
        specHash: scored.specHash,
      } satisfies StoredScore),
      outcome: input.outcome,
      opinion: input.opinion,
      decidedOn: input.decidedOn,
      documentNumber: input.documentNumber ?? null,
      rectifyDeadline: input.outcome === 'rectify' ? (input.rectifyDeadline ?? null) : null,
      createdBy: actor.actorName,
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    await applyClusterChange(
      tx,
      cluster,
      clusterChangeFor(cluster, input.outcome),
      input.decidedOn,
      input.documentNumber ?? null,
      actor,
    );
    const view = toReviewView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'review.recorded',
      entityType: 'cluster_review',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

/** The follow-up check of a rectification: pass (back to recognised) or revoke. */
export async function recordFollowUp(
  db: Db,
  user: SessionUser,
  id: string,
  input: FollowUpRequest,
  actor: Actor,
): Promise<ReviewView> {
  const current = await findReviewRow(db, id);
  if (!current) throw notFound(`review ${id}`);
  const cluster = await getClusterInScope(db, user, current.clusterCode);
  if (current.outcome !== 'rectify' || current.followUpOutcome !== null)
    throw new AppError(
      'rule_violated',
      '只有尚未复查的整改才能记录复查结果 / only a rectification without a follow-up takes one',
      { outcome: current.outcome, followUpOutcome: current.followUpOutcome },
    );
  if (current.version !== input.version)
    throw new AppError('conflict', `复核记录已被修改 / the review changed (version ${current.version})`, {
      version: current.version,
    });
  const scored = await scoreClusterAlone(db, {
    frameworkVersion: current.frameworkVersion,
    clusterCode: current.clusterCode,
    period: input.period,
  });
  if (input.outcome === 'pass' && scored.belowReviewLine)
    throw passBelowLine(scored.score, scored.reviewLine);
  return db.transaction(async (tx) => {
    const row = await updateReviewFollowUp(tx, id, input.version, {
      followUpOn: input.followUpOn,
      followUpOutcome: input.outcome,
      followUpScore: scored.score,
      followUpNote: input.note,
      followUpDocumentNumber: input.documentNumber ?? null,
      updatedAt: actor.at,
    });
    if (!row) throw new AppError('conflict', `复核记录已被修改 / the review changed meanwhile: ${id}`);
    await applyClusterChange(
      tx,
      cluster,
      input.outcome === 'pass' ? { status: 'recognised' } : { status: 'revoked', tier: 'candidate' },
      input.followUpOn,
      input.documentNumber ?? null,
      actor,
    );
    const view = toReviewView(row);
    await appendAudit(tx, {
      ...actor,
      action: 'review.followed_up',
      entityType: 'cluster_review',
      entityId: id,
      before: toReviewView(current),
      after: view,
    });
    return view;
  });
}
