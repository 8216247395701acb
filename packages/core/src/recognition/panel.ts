/**
 * Expert panel draw and recusal (issue 7, item 4).
 *
 * Draw: the active pool (optionally only experts with one of the stage's fields) is sorted by expert id,
 * shuffled by a Fisher–Yates pass driven by the seeded PRNG (`createRandom(seed)`), and the first
 * `size` experts form the panel. The same pool, size and seed give the same panel on any machine.
 *
 * Recusal, per panel member and application: the expert's city is one of the applicant cluster's
 * cities; the expert's employer (credit code) is a current member enterprise of the cluster; or the
 * expert declared a conflict with the cluster. A recused expert is not assigned that application.
 */
import { createRandom } from '../evaluation/random.ts';

export type PoolExpert = {
  id: string;
  fields: readonly string[];
  cityCode: string;
  employerCreditCode: string | null;
  conflictClusterCodes: readonly string[];
  active: boolean;
};

export type Applicant = {
  applicationId: string;
  clusterCode: string;
  cityCodes: readonly string[];
  memberCreditCodes: ReadonlySet<string>;
};

export type RecusalReason = 'same_city' | 'member_employer' | 'declared_conflict';

export function recusalReasons(expert: PoolExpert, applicant: Applicant): RecusalReason[] {
  const reasons: RecusalReason[] = [];
  if (applicant.cityCodes.includes(expert.cityCode)) reasons.push('same_city');
  if (expert.employerCreditCode && applicant.memberCreditCodes.has(expert.employerCreditCode))
    reasons.push('member_employer');
  if (expert.conflictClusterCodes.includes(applicant.clusterCode)) reasons.push('declared_conflict');
  return reasons;
}

export function drawPanel(
  pool: readonly PoolExpert[],
  options: { size: number; seed: number; fields?: readonly string[] },
): string[] {
  const candidates = pool
    .filter((e) => e.active)
    .filter(
      (e) =>
        !options.fields || options.fields.length === 0 || e.fields.some((f) => options.fields?.includes(f)),
    )
    .map((e) => e.id)
    .sort();
  const random = createRandom(options.seed);
  for (let i = candidates.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    const a = candidates[i] as string;
    candidates[i] = candidates[j] as string;
    candidates[j] = a;
  }
  return candidates.slice(0, options.size);
}

export type Assignment = { expertId: string; applicationId: string };
export type Recusal = { expertId: string; applicationId: string; reasons: RecusalReason[] };

/** Every panel member × application pair: an assignment, or a recusal with its reasons. */
export function assignPanel(
  panel: readonly PoolExpert[],
  applicants: readonly Applicant[],
): { assignments: Assignment[]; recusals: Recusal[] } {
  const assignments: Assignment[] = [];
  const recusals: Recusal[] = [];
  for (const applicant of applicants)
    for (const expert of panel) {
      const reasons = recusalReasons(expert, applicant);
      if (reasons.length > 0)
        recusals.push({ expertId: expert.id, applicationId: applicant.applicationId, reasons });
      else assignments.push({ expertId: expert.id, applicationId: applicant.applicationId });
    }
  return { assignments, recusals };
}
