import type { ApplicationView, RoundView } from '@qunce/core/recognition';
import type { Locale, Translate } from '../../i18n/translate.ts';
import { localiseServerMessage } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { tierKey } from '../clusters/cluster-labels.ts';

/** Catalogue keys of the recognition codes: eligibility rules, recusal reasons, upgrade and milestone statuses. */
export const ruleKey = (rule: string) => `recognitionFlow.rule.${rule}` as MessageKey;
export const recusalKey = (reason: string) => `recognitionFlow.recusal.${reason}` as MessageKey;
export const upgradeStatusKey = (status: string) => `recognitionFlow.upgrades.status.${status}` as MessageKey;
export const milestoneStatusKey = (status: string) => `recognitionFlow.plans.status.${status}` as MessageKey;

const tierCodes = /\b(candidate|provincial|national|world)\b/g;

/**
 * An eligibility check in the UI language: the rule's name from the catalogue, then the server's
 * reason (its half in the UI language) with tier codes (`candidate`, `provincial`) replaced by their names.
 */
export function eligibilityText(
  check: NonNullable<ApplicationView['eligibility']>['checks'][number],
  locale: Locale,
  t: Translate,
): string {
  const reason = localiseServerMessage(check.message, locale).replace(tierCodes, (tier) => t(tierKey(tier)));
  return `${t(ruleKey(check.rule))}: ${reason}`;
}

/** A stage's name in the UI language. */
export const stageName = (stage: RoundView['stages'][number], locale: Locale) =>
  locale === 'en' ? stage.nameEn : stage.name;

/** Index of the stage an application has reached (0: the first), as the server counts it. */
export function stageIndexOf(application: ApplicationView, round: RoundView): number {
  if (!application.reachedStage) return 0;
  return Math.max(
    0,
    round.stages.findIndex((s) => s.code === application.reachedStage),
  );
}

/** Whether the round may still change before the decision (panels, advance, ranking). */
export const isUndecided = (round: RoundView) => round.status === 'open' || round.status === 'reviewing';

/** The panel of a stage as `GET /api/recognition/rounds/:id/panels` gives it. */
export type PanelView = {
  id: string;
  roundId: string;
  stageCode: string;
  seed: number;
  size: number;
  memberIds: string[];
  recusals: Array<{ expertId: string; applicationId: string; reasons: string[] }>;
  drawnAt: string;
  drawnBy: string | null;
};

/** An expert of the pool as `GET /api/recognition/experts` gives it (the fields shown here). */
export type ExpertView = {
  id: string;
  name: string;
  fields: string[];
  cityCode: string;
  employerName: string | null;
};
