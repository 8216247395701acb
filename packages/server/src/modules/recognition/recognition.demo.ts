/**
 * Demo seeding (docs/recognition.md): the holiday calendar, an expert pool of nine (the first one is
 * the demo-expert account) and one round in progress — this year's provincial round with the demo
 * candidate clusters' applications checked for eligibility and the materials-review panel drawn with
 * seed 2026, so that demo-expert has applications to score. Idempotent: a demo round ends it.
 */
import { sha256Hex } from '@qunce/core/evaluation';
import { checkEligibility, drawPanel, type EligibilityRules } from '@qunce/core/recognition';
import { and, asc, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  clusters,
  evaluationRuns,
  experts,
  recognitionApplications,
  recognitionRounds,
  users,
} from '../../db/schema/index.ts';
import { seedHolidayCalendar } from '../calendar/calendar.service.ts';
import { chinaDate } from '../clusters/registry.scope.ts';
import type { Actor } from '../users/users.service.ts';
import { drawStagePanel, toPool } from './experts.service.ts';
import { findExpertByUser, listExpertRows, listMemberCreditCodes } from './recognition.repository.ts';
import { createRound } from './recognition.service.ts';

const poolCities = ['370100', '370200', '370300', '370600', '370700', '370800', '370900', '371000', '371300'];
const poolFields = ['高端装备', '新材料', '新一代信息技术', '现代化工', '生物医药', '轻工纺织'];

export async function seedRecognitionDemo(db: Db, actor: Actor): Promise<void> {
  await seedHolidayCalendar(db, actor.at);
  const [existing] = await db
    .select({ id: recognitionRounds.id })
    .from(recognitionRounds)
    .where(eq(recognitionRounds.isDemo, true));
  if (existing) return;
  const [demoExpert] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo-expert'));
  const linked = demoExpert ? await findExpertByUser(db, demoExpert.id) : undefined;
  const [anyDemoExpert] = await db.select({ id: experts.id }).from(experts).where(eq(experts.isDemo, true));
  if (!anyDemoExpert)
    await db.insert(experts).values(
      poolCities.map((cityCode, i) => ({
        name: `演示专家${i + 1}`,
        userId: i === 0 && demoExpert && !linked ? demoExpert.id : null,
        fields: [
          poolFields[i % poolFields.length] as string,
          poolFields[(i + 2) % poolFields.length] as string,
        ],
        cityCode,
        employerName: `演示单位${i + 1}`,
        conflictClusterCodes: [],
        isDemo: true,
        createdAt: actor.at,
        updatedAt: actor.at,
      })),
    );
  const candidates = await db
    .select()
    .from(clusters)
    .where(and(eq(clusters.tier, 'candidate'), isNull(clusters.deletedAt), ne(clusters.status, 'revoked')))
    .orderBy(asc(clusters.code))
    .limit(6);
  if (candidates.length === 0) return;
  const [run] = await db
    .select({ id: evaluationRuns.id, frameworkVersion: evaluationRuns.frameworkVersion })
    .from(evaluationRuns)
    .where(and(eq(evaluationRuns.isDemo, true), eq(evaluationRuns.status, 'published')))
    .orderBy(desc(evaluationRuns.period))
    .limit(1);
  const today = chinaDate(actor.at);
  const year = Number(today.slice(0, 4));
  const rules: EligibilityRules = { minLeadIndustryOutput: 100, allowedTiers: ['candidate'] };
  const round = await createRound(
    db,
    {
      year,
      name: `${year}年省级先进制造业集群认定（演示）`,
      targetTier: 'provincial',
      quota: 3,
      applicationDeadline: `${year}-12-31`,
      stages: [
        {
          code: 'materials',
          name: '材料评审',
          nameEn: 'Materials review',
          deadline: `${year}-12-31`,
          panelSize: 7,
        },
        {
          code: 'defence',
          name: '现场答辩',
          nameEn: 'On-site defence',
          deadline: `${year + 1}-01-31`,
          panelSize: 5,
        },
      ],
      eligibilityRules: rules,
      frameworkVersion: run?.frameworkVersion ?? 'v1',
      evaluationRunId: run?.id ?? null,
      quantitativeWeight: 0.6,
    },
    actor,
  );
  await db.update(recognitionRounds).set({ isDemo: true }).where(eq(recognitionRounds.id, round.id));
  const members = await listMemberCreditCodes(
    db,
    candidates.map((c) => c.code),
    today,
  );
  for (const c of candidates) {
    // declared output 60–310 亿元 from a hash of the code (deterministic; some fall below the 100 line)
    const output = Math.round(
      60 + 250 * (Number.parseInt(sha256Hex(`${c.code}|output`).slice(0, 8), 16) / 2 ** 32),
    );
    const eligibility = checkEligibility(rules, {
      leadIndustryOutput: output,
      hasPromotingOrganisation: c.promotingOrganisationCode !== null,
      tier: c.tier,
      memberCount: members.get(c.code)?.size ?? 0,
    });
    await db.insert(recognitionApplications).values({
      roundId: round.id,
      clusterCode: c.code,
      figures: { leadIndustryOutput: output },
      attachmentIds: [],
      statement: '演示申报材料 / demo application',
      status: eligibility.eligible ? 'eligible' : 'ineligible',
      eligibility,
      submittedAt: actor.at,
      submittedBy: 'system',
      updatedAt: actor.at,
    });
  }
  const eligible = await db
    .select({ id: recognitionApplications.id })
    .from(recognitionApplications)
    .where(
      and(eq(recognitionApplications.roundId, round.id), eq(recognitionApplications.status, 'eligible')),
    );
  if (eligible.length > 0)
    await drawStagePanel(db, round.id, { stageCode: 'materials', seed: await demoPanelSeed(db) }, actor);
}

/**
 * The seed of the demo's materials panel: 2026, or the first seed after it whose draw puts the
 * demo-expert account on the 7-of-9 panel, so that signing in as demo-expert shows work to score.
 * The draw orders the pool by expert id (random UUIDs), so a fixed seed alone would leave demo-expert
 * off the panel in about one installation in five. The seed is recorded with the panel, as any draw's.
 */
async function demoPanelSeed(db: Db): Promise<number> {
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo-expert'));
  const expert = account ? await findExpertByUser(db, account.id) : undefined;
  if (!expert) return 2026;
  const pool = (await listExpertRows(db)).map(toPool);
  for (let seed = 2026; seed < 2126; seed++) {
    if (drawPanel(pool, { size: 7, seed }).includes(expert.id)) return seed;
  }
  return 2026;
}
