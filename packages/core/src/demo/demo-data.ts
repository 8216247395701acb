/**
 * Deterministic synthetic demo data: the public-record clusters with their real names, cities, tiers
 * and years, synthetic candidate clusters, promoting organisations, enterprises with valid credit
 * codes, cluster memberships, designations and yearly enterprise metrics. Everything is drawn from
 * seeded streams (`createRandom(seed, stream)`), so the same options give the same data on every
 * machine; nothing reads a clock. Every enterprise, organisation and metric is synthetic and every
 * generated name contains 示例 (docs/methods/demo-data.md gives the distributions).
 *
 * Records are the registry contracts' create shapes (`@qunce/core/registry`) plus `isDemo`;
 * observations are produced lazily (`observations()`), enterprise by enterprise, so that a large
 * data set is written without holding every figure in memory.
 */
import { AppError } from '../errors.ts';
import { createRandom, type Random } from '../evaluation/random.ts';
import type { CreateClusterRequest } from '../registry/cluster.contract.ts';
import { designationTypeRules } from '../registry/designation.contract.ts';
import type { CreateEnterpriseRequest, MembershipRole } from '../registry/enterprise.contract.ts';
import { type IndustryCode, policyIndustries } from '../registry/industries.ts';
import type { ClusterTier, DesignationLevel, DesignationType } from '../targets/target.contract.ts';
import { generateCreditCode } from '../validators/credit-code-generator.ts';
import {
  brandSyllables,
  designationProfiles,
  industryClusterWords,
  industryDivisionMix,
  industryProductWords,
} from './demo-tables.ts';

/** A cluster named in public announcements (clusters-public-record.json). */
export type PublicRecordCluster = {
  name: string;
  nameEn?: string;
  cities: readonly string[];
  tier: ClusterTier;
  since: number;
  /** The lead industry by its Chinese name in the policy's list (动力装备 …). */
  field: string;
  /** Earlier recognitions (a provincial cluster later recognised nationally). */
  history?: readonly { tier: ClusterTier; since: number }[];
};

/** Reference data the caller reads from files (core does no I/O). */
export type DemoReference = {
  cities: readonly { code: string; name: string; short: string; nameEn?: string }[];
  counties: readonly { code: string; name: string; cityCode: string }[];
  publicClusters: readonly PublicRecordCluster[];
};

export type DemoOptions = {
  seed: number;
  /** Number of enterprises (about 20,000 for the shipped demo). */
  enterprises: number;
  /** Number of clusters, at least the public-record ones; the rest are synthetic candidates. */
  clusters: number;
  /** Years of metrics, ending with `endYear`. */
  years: number;
  endYear: number;
  reference: DemoReference;
};

export type DemoCluster = CreateClusterRequest & {
  /** False for public-record clusters (real names, tiers and years), true for synthetic candidates. */
  isDemo: boolean;
};

export type DemoClusterHistoryEntry = {
  clusterCode: string;
  changedOn: string;
  field: 'tier' | 'cultivationTarget' | 'status';
  from: string | null;
  to: string;
  documentNumber: string;
};

export const demoOrganisationTypes = ['association', 'alliance', 'platform-company', 'institute'] as const;
export type DemoOrganisationType = (typeof demoOrganisationTypes)[number];

export type DemoOrganisation = {
  code: string;
  name: string;
  type: DemoOrganisationType;
  clusterCode: string;
  cityCode: string;
  foundedOn: string;
  isDemo: true;
};

export type DemoOrganisationActivity = {
  organisationCode: string;
  date: string;
  title: string;
  participants: number;
};

export type DemoEnterprise = Omit<Required<CreateEnterpriseRequest>, 'countyCode'> & {
  /** Always known in demo data: a real county of the city. */
  countyCode: string;
  /** The lead industry of its home cluster. */
  leadIndustry: IndustryCode;
  establishedOn: string;
  isDemo: true;
};

export type DemoMembership = {
  creditCode: string;
  clusterCode: string;
  role: MembershipRole;
  validFrom: string;
  validTo: string | null;
};

export type DemoDesignation = {
  creditCode: string;
  type: DesignationType;
  level: DesignationLevel;
  grantedOn: string;
  /** Last day of validity (inclusive); null when it does not expire. */
  expiresOn: string | null;
  documentNumber: string;
  grantingDepartmentCode: string;
};

export type DemoMetric = {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  subjectType: 'enterprise' | 'province';
};

export type DemoObservation = {
  subjectType: 'enterprise' | 'province';
  /** Credit code of the enterprise, or the province's region code. */
  subjectCode: string;
  metric: string;
  /** A year period, e.g. "2024". */
  period: string;
  value: number;
};

/** Metrics generated per enterprise and year (amounts in 万元), and the province-level one. */
export const demoMetrics: readonly DemoMetric[] = [
  { code: 'revenue', name: '营业收入', nameEn: 'Revenue', unit: '万元', subjectType: 'enterprise' },
  {
    code: 'industrial-output',
    name: '工业总产值',
    nameEn: 'Gross industrial output',
    unit: '万元',
    subjectType: 'enterprise',
  },
  { code: 'rd-expense', name: '研发费用', nameEn: 'R&D expense', unit: '万元', subjectType: 'enterprise' },
  {
    code: 'high-tech-product-revenue',
    name: '高新技术产品收入',
    nameEn: 'High-tech product revenue',
    unit: '万元',
    subjectType: 'enterprise',
  },
  { code: 'purchases', name: '采购总额', nameEn: 'Purchases', unit: '万元', subjectType: 'enterprise' },
  {
    code: 'local-purchases',
    name: '本地配套采购额',
    nameEn: 'Purchases from local suppliers',
    unit: '万元',
    subjectType: 'enterprise',
  },
  { code: 'employees', name: '从业人员', nameEn: 'Employees', unit: '人', subjectType: 'enterprise' },
  {
    code: 'rd-intensity-above-scale',
    name: '规上工业企业研发投入强度（全省）',
    nameEn: 'R&D intensity of above-scale industrial enterprises (province)',
    unit: '%',
    subjectType: 'province',
  },
];

export type DemoData = {
  options: Omit<DemoOptions, 'reference'>;
  clusters: DemoCluster[];
  clusterHistory: DemoClusterHistoryEntry[];
  organisations: DemoOrganisation[];
  organisationActivities: DemoOrganisationActivity[];
  enterprises: DemoEnterprise[];
  memberships: DemoMembership[];
  designations: DemoDesignation[];
  metrics: readonly DemoMetric[];
  /** Yearly observations, enterprise by enterprise, then the province-level series; lazy and repeatable. */
  observations(): Generator<DemoObservation>;
};

/** 规模以上工业企业: annual main-business revenue of 20 million yuan (2000 万元) or more. */
export const aboveScaleRevenueThreshold = 2000;

const provinceCode = '370000';

// Stream numbers of the seeded generator, one per entity kind; enterprise metric streams follow.
const streams = { clusters: 1, enterprises: 2, memberships: 3, designations: 4, organisations: 5 } as const;
const metricStreamBase = 1000;

function normal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pickOne<T>(random: Random, items: readonly T[]): T {
  const item = items[random.int(items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const isoDate = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;

/** The last day of validity of a grant for `years` years: 2023-12-15 + 3 years → 2026-12-14. */
export function lastValidDay(grantedOn: string, years: number): string {
  const [y, m, d] = grantedOn.split('-').map(Number);
  const date = new Date(Date.UTC((y ?? 0) + years, (m ?? 1) - 1, (d ?? 1) - 1));
  return date.toISOString().slice(0, 10);
}

function checkOptions(options: DemoOptions): void {
  const bad = (field: string, reason: string, value: unknown): never => {
    throw new AppError('invalid_input', `演示数据参数无效 / invalid demo option ${field}: ${reason}`, {
      field,
      value,
    });
  };
  const { seed, enterprises, clusters, years, endYear, reference } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) bad('seed', '0 … 4294967295', seed);
  if (!Number.isInteger(enterprises) || enterprises < 1 || enterprises > 5_000_000) {
    bad('enterprises', '1 … 5,000,000', enterprises);
  }
  if (!Number.isInteger(clusters) || clusters < reference.publicClusters.length || clusters > 10_000) {
    bad('clusters', `${reference.publicClusters.length} (public-record clusters) … 10,000`, clusters);
  }
  if (!Number.isInteger(years) || years < 1 || years > 30) bad('years', '1 … 30', years);
  if (!Number.isInteger(endYear) || endYear < 2000 || endYear > 2100) bad('endYear', '2000 … 2100', endYear);
}

const industryByName = new Map<string, IndustryCode>(policyIndustries.map((i) => [i.name, i.code]));

/** Clusters and their history: the public record first, then synthetic candidates. */
function buildClusters(options: DemoOptions): {
  clusters: DemoCluster[];
  history: DemoClusterHistoryEntry[];
  /** Year each cluster's members start joining: 3–5 years before recognition, a year before a candidate's listing. */
  startYears: number[];
} {
  const random = createRandom(options.seed, streams.clusters);
  const { reference } = options;
  const clusters: DemoCluster[] = [];
  const history: DemoClusterHistoryEntry[] = [];
  const startYears: number[] = [];
  const code = (index: number) => `SD-C-${pad(index + 1, 4)}`;
  const documentNumber = (year: number, n: number) => `示例集群〔${year}〕${n}号`;
  // The longest-recognised national clusters are cultivated toward world class (the policy's 3).
  const worldCandidates = new Set(
    reference.publicClusters
      .map((c, i) => ({ i, c }))
      .filter(({ c }) => c.tier === 'national')
      .sort((a, b) => a.c.since - b.c.since || a.i - b.i)
      .slice(0, 3)
      .map(({ i }) => i),
  );
  let provincialToNational = 0;
  reference.publicClusters.forEach((record, index) => {
    const leadIndustry = industryByName.get(record.field);
    const [leadCity] = record.cities;
    if (!leadIndustry || !leadCity) {
      throw new AppError('invalid_input', `公开集群记录无效 / invalid public-record cluster ${record.name}`, {
        name: record.name,
        field: record.field,
      });
    }
    let cultivationTarget: ClusterTier = record.tier;
    if (worldCandidates.has(index)) cultivationTarget = 'world';
    else if (record.tier === 'provincial' && record.since <= 2023 && provincialToNational < 5) {
      cultivationTarget = 'national';
      provincialToNational++;
    }
    const recognitions = [...(record.history ?? []), { tier: record.tier, since: record.since }].sort(
      (a, b) => a.since - b.since,
    );
    const first = recognitions[0] ?? { tier: record.tier, since: record.since };
    const firstOn = isoDate(first.since, 6 + random.int(6), 1 + random.int(28));
    clusters.push({
      code: code(index),
      name: record.name,
      nameEn: record.nameEn ?? null,
      leadIndustry,
      tier: record.tier,
      cultivationTarget,
      status: 'recognised',
      cityCodes: [...record.cities],
      leadCityCode: leadCity,
      promotingOrganisationCode: null,
      chainMasterCreditCodes: [],
      changedOn: firstOn,
      documentNumber: documentNumber(first.since, index + 1),
      isDemo: false,
    });
    startYears.push(first.since - 3 - random.int(3));
    history.push({
      clusterCode: code(index),
      changedOn: firstOn,
      field: 'status',
      from: 'cultivating',
      to: 'recognised',
      documentNumber: documentNumber(first.since, index + 1),
    });
    let previous: ClusterTier = 'candidate';
    recognitions.forEach((recognition, r) => {
      const on = r === 0 ? firstOn : isoDate(recognition.since, 6 + random.int(6), 1 + random.int(28));
      history.push({
        clusterCode: code(index),
        changedOn: on,
        field: 'tier',
        from: previous,
        to: recognition.tier,
        documentNumber: documentNumber(recognition.since, index + 1),
      });
      previous = recognition.tier;
    });
    if (cultivationTarget !== record.tier) {
      history.push({
        clusterCode: code(index),
        changedOn: firstOn,
        field: 'cultivationTarget',
        from: record.tier,
        to: cultivationTarget,
        documentNumber: documentNumber(first.since, index + 1),
      });
    }
  });

  const names = new Set(clusters.map((c) => c.name));
  const startYear = options.endYear - options.years + 1;
  for (let index = clusters.length; index < options.clusters; index++) {
    const city = pickOne(random, reference.cities);
    const industry = pickOne(random, policyIndustries).code;
    const cityCodes = [city.code];
    let place = city.name;
    let placeEn = city.nameEn ?? city.short;
    if (random.next() < 0.1) {
      const other = pickOne(random, reference.cities);
      if (other.code !== city.code) {
        cityCodes.push(other.code);
        place = `${city.short}${other.short}`;
        placeEn = `${city.nameEn ?? city.short}-${other.nameEn ?? other.short}`;
      }
    }
    const words = industryClusterWords[industry];
    let name = `${place}示例${words.zh}集群`;
    for (let n = 2; names.has(name); n++) name = `${place}示例${words.zh}集群${n}`;
    names.add(name);
    const since = startYear + random.int(options.years);
    const on = isoDate(since, 1 + random.int(12), 1 + random.int(28));
    clusters.push({
      code: code(index),
      name,
      nameEn: `${placeEn} ${words.en} (demo)`,
      leadIndustry: industry,
      tier: 'candidate',
      cultivationTarget: 'provincial',
      status: 'cultivating',
      cityCodes,
      leadCityCode: city.code,
      promotingOrganisationCode: null,
      chainMasterCreditCodes: [],
      changedOn: on,
      documentNumber: documentNumber(since, index + 1),
      isDemo: true,
    });
    startYears.push(since - 1);
    history.push({
      clusterCode: code(index),
      changedOn: on,
      field: 'cultivationTarget',
      from: null,
      to: 'provincial',
      documentNumber: documentNumber(since, index + 1),
    });
  }
  return { clusters, history, startYears };
}

/** Internal per-enterprise figures the metrics are drawn from. */
type Profile = {
  /** Revenue in the last year (万元). */
  revenue: number;
  growth: number;
  firstYear: number;
};

/** Cumulative weights for picking clusters: national 3, provincial 1.6, candidate 0.6 (× 0.7 … 1.3). */
function clusterWeights(random: Random, clusters: readonly DemoCluster[]): number[] {
  const base: Record<ClusterTier, number> = { world: 4, national: 3, provincial: 1.6, candidate: 0.6 };
  const cumulative: number[] = [];
  let total = 0;
  for (const cluster of clusters) {
    total += base[cluster.tier] * (0.7 + 0.6 * random.next());
    cumulative.push(total);
  }
  return cumulative;
}

function pickWeighted(random: Random, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const target = random.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** 潍坊示例恒泰精密机械有限公司: city, 示例, a two-character brand, the business, 有限公司. */
function enterpriseName(
  random: Random,
  cityShort: string,
  industry: IndustryCode,
  taken: Set<string>,
): string {
  const product = pickOne(random, industryProductWords[industry]);
  for (let attempt = 0; ; attempt++) {
    const a = brandSyllables.charAt(random.int(brandSyllables.length));
    let b = brandSyllables.charAt(random.int(brandSyllables.length));
    if (b === a) b = brandSyllables.charAt((brandSyllables.indexOf(a) + 1) % brandSyllables.length);
    const extra = attempt >= 8 ? brandSyllables.charAt(random.int(brandSyllables.length)) : '';
    const suffix = attempt >= 16 ? String(attempt) : '';
    const name = `${cityShort}示例${a}${b}${extra}${product}${suffix}有限公司`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export function generateDemoData(options: DemoOptions): DemoData {
  checkOptions(options);
  const { reference, endYear, years } = options;
  const startYear = endYear - years + 1;
  const { clusters, history, startYears } = buildClusters(options);
  const cityByCode = new Map(reference.cities.map((c) => [c.code, c]));
  const countiesByCity = new Map<string, string[]>();
  for (const county of reference.counties) {
    const list = countiesByCity.get(county.cityCode) ?? [];
    list.push(county.code);
    countiesByCity.set(county.cityCode, list);
  }

  // Enterprises: home cluster by weight, city among the cluster's cities (lead city 60 %), county of
  // that city, division from the industry's mix, revenue log-normal around 3,000 万元.
  const random = createRandom(options.seed, streams.enterprises);
  const cumulative = clusterWeights(random, clusters);
  const enterprises: DemoEnterprise[] = [];
  const profiles: Profile[] = [];
  const homeCluster: number[] = [];
  const names = new Set<string>();
  const codes = new Set<string>();
  for (let i = 0; i < options.enterprises; i++) {
    const clusterIndex = pickWeighted(random, cumulative);
    const cluster = clusters[clusterIndex];
    if (!cluster) throw new RangeError('no cluster');
    const cityCode =
      cluster.cityCodes.length === 1 || random.next() < 0.6
        ? cluster.leadCityCode
        : pickOne(random, cluster.cityCodes);
    const city = cityByCode.get(cityCode);
    const counties = countiesByCity.get(cityCode);
    if (!city || !counties || counties.length === 0) {
      throw new AppError('invalid_input', `未知城市或无区县 / unknown city or no counties: ${cityCode}`, {
        cityCode,
      });
    }
    const countyCode = pickOne(random, counties);
    let creditCode = generateCreditCode(random, { divisions: [countyCode] });
    while (codes.has(creditCode)) creditCode = generateCreditCode(random, { divisions: [countyCode] });
    codes.add(creditCode);
    const mix = industryDivisionMix[cluster.leadIndustry];
    const u = random.next();
    const industryDivision = (u < 0.6 ? mix[0] : u < 0.9 ? mix[1] : mix[2]) ?? '34';
    const revenue = Math.min(5e7, Math.exp(Math.log(3000) + 1.5 * normal(random)));
    const age = Math.min(45, Math.floor(-Math.log(1 - random.next()) * 14));
    const establishedYear = random.next() < 0.06 ? startYear + random.int(years) : endYear - 1 - age;
    const established = isoDate(establishedYear, 1 + random.int(12), 1 + random.int(28));
    enterprises.push({
      creditCode,
      name: enterpriseName(random, city.short, cluster.leadIndustry, names),
      cityCode,
      countyCode,
      industryDivision,
      isAboveScale: revenue >= aboveScaleRevenueThreshold,
      isKeyEnterprise: false,
      has5g: false,
      leadIndustry: cluster.leadIndustry,
      establishedOn: established,
      isDemo: true,
    });
    profiles.push({ revenue, growth: 0.06 + 0.05 * normal(random), firstYear: establishedYear });
    homeCluster.push(clusterIndex);
  }

  // Size rank: key enterprises are the largest 5 %; 5G coverage is likelier the larger the firm.
  const bySize = enterprises
    .map((_, i) => i)
    .sort((a, b) => (profiles[b]?.revenue ?? 0) - (profiles[a]?.revenue ?? 0));
  const percentile = new Float64Array(enterprises.length);
  bySize.forEach((index, rank) => {
    percentile[index] = enterprises.length === 1 ? 1 : 1 - rank / (enterprises.length - 1);
  });
  enterprises.forEach((enterprise, i) => {
    const p = percentile[i] ?? 0;
    enterprise.isKeyEnterprise = p >= 0.95;
    enterprise.has5g = random.next() < 0.35 + 0.6 * p;
  });

  const memberships = buildMemberships(
    options,
    clusters,
    startYears,
    enterprises,
    profiles,
    homeCluster,
    percentile,
  );
  const designations = buildDesignations(options, enterprises, profiles, percentile);
  const { organisations, activities } = buildOrganisations(options, clusters, memberships);

  const highTech = new Set(designations.filter((d) => d.type === 'high-tech').map((d) => d.creditCode));

  function* observations(): Generator<DemoObservation> {
    for (let i = 0; i < enterprises.length; i++) {
      const enterprise = enterprises[i];
      const profile = profiles[i];
      if (!enterprise || !profile) continue;
      yield* enterpriseObservations(
        options.seed,
        i,
        enterprise.creditCode,
        profile,
        highTech.has(enterprise.creditCode),
        startYear,
        endYear,
      );
    }
    // Province-level average the statistics bureau publishes (synthetic): rises 0.08 pp a year to 1.60 %.
    for (let year = startYear; year <= endYear; year++) {
      yield {
        subjectType: 'province',
        subjectCode: provinceCode,
        metric: 'rd-intensity-above-scale',
        period: String(year),
        value: round(1.6 - 0.08 * (endYear - year), 2),
      };
    }
  }

  return {
    options: {
      seed: options.seed,
      enterprises: options.enterprises,
      clusters: options.clusters,
      years,
      endYear,
    },
    clusters,
    clusterHistory: history,
    organisations,
    organisationActivities: activities,
    enterprises,
    memberships,
    designations,
    metrics: demoMetrics,
    observations,
  };
}

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Yearly figures of one enterprise from its own stream (independent of the others): revenue grows by
 * the firm's rate ± 6 % noise a year (back-cast from the last year); output ≈ revenue; R&D intensity
 * log-normal (median 1.9 %, high-tech firms × 1.7) rising 0.05 pp a year; high-tech product share
 * 60–85 % for high-tech firms, 10–25 % otherwise, +1 pp a year; purchases 55–75 % of revenue, of which
 * 30–65 % local, +1 pp a year.
 */
function* enterpriseObservations(
  seed: number,
  index: number,
  creditCode: string,
  profile: Profile,
  isHighTech: boolean,
  startYear: number,
  endYear: number,
): Generator<DemoObservation> {
  const random = createRandom(seed, metricStreamBase + index);
  const first = Math.max(startYear, profile.firstYear);
  const revenues: number[] = [];
  let revenue = profile.revenue;
  for (let year = endYear; year >= first; year--) {
    revenues.push(revenue);
    revenue /= Math.max(0.5, 1 + profile.growth + 0.06 * normal(random));
  }
  revenues.reverse();
  const intensity = Math.exp(Math.log(0.019) + 0.5 * normal(random)) * (isHighTech ? 1.7 : 1);
  const highTechShare = isHighTech ? 0.6 + 0.25 * random.next() : 0.1 + 0.15 * random.next();
  const purchaseShare = 0.55 + 0.2 * random.next();
  const localShare = 0.3 + 0.35 * random.next();
  const productivity = 80 + 60 * random.next();
  for (let k = 0; k < revenues.length; k++) {
    const year = first + k;
    const r = revenues[k] ?? 0;
    const drift = year - endYear;
    const period = String(year);
    const purchases = r * purchaseShare;
    const values: [string, number][] = [
      ['revenue', round(r, 1)],
      ['industrial-output', round(r * (0.96 + 0.08 * random.next()), 1)],
      ['rd-expense', round(r * Math.max(0.001, intensity + 0.0005 * drift), 1)],
      ['high-tech-product-revenue', round(r * Math.min(0.95, Math.max(0, highTechShare + 0.01 * drift)), 1)],
      ['purchases', round(purchases, 1)],
      ['local-purchases', round(purchases * Math.min(0.95, Math.max(0, localShare + 0.01 * drift)), 1)],
      ['employees', Math.max(5, Math.round(r / productivity))],
    ];
    for (const [metric, value] of values) {
      yield { subjectType: 'enterprise', subjectCode: creditCode, metric, period, value };
    }
  }
}

/**
 * Memberships: every enterprise in its home cluster; 8 % also in a second cluster (one sharing its
 * city when there is one). Roles by size within the cluster: the largest one or two are chain
 * masters, the next 12 % core, the rest supporting. Most join when the cluster starts (or when they
 * are founded), 15 % later; 3 % have left.
 */
function buildMemberships(
  options: DemoOptions,
  clusters: DemoCluster[],
  startYears: readonly number[],
  enterprises: readonly DemoEnterprise[],
  profiles: readonly Profile[],
  homeCluster: readonly number[],
  percentile: Float64Array,
): DemoMembership[] {
  const random = createRandom(options.seed, streams.memberships);
  const startYear = options.endYear - options.years + 1;
  const clustersByCity = new Map<string, number[]>();
  clusters.forEach((cluster, index) => {
    for (const city of cluster.cityCodes) {
      const list = clustersByCity.get(city) ?? [];
      list.push(index);
      clustersByCity.set(city, list);
    }
  });
  const membersOf: { enterprise: number; home: boolean }[][] = clusters.map(() => []);
  enterprises.forEach((enterprise, i) => {
    const home = homeCluster[i] ?? 0;
    membersOf[home]?.push({ enterprise: i, home: true });
    if (random.next() < 0.08 && clusters.length > 1) {
      const local = (clustersByCity.get(enterprise.cityCode) ?? []).filter((c) => c !== home);
      let second = local.length > 0 ? pickOne(random, local) : random.int(clusters.length - 1);
      if (local.length === 0 && second >= home) second++;
      membersOf[second]?.push({ enterprise: i, home: false });
    }
  });
  const memberships: DemoMembership[] = [];
  clusters.forEach((cluster, c) => {
    const members = membersOf[c] ?? [];
    const sorted = [...members].sort(
      (a, b) => (percentile[b.enterprise] ?? 0) - (percentile[a.enterprise] ?? 0),
    );
    const chainMasters = members.length >= 20 ? 2 : 1;
    const core = Math.round(members.length * 0.12);
    const roles = new Map<number, MembershipRole>();
    sorted.forEach((m, rank) => {
      roles.set(
        m.enterprise,
        rank < chainMasters ? 'chain_master' : rank < chainMasters + core ? 'core' : 'supporting',
      );
    });
    const clusterStart = Math.min(options.endYear, startYears[c] ?? startYear);
    for (const m of members) {
      const enterprise = enterprises[m.enterprise];
      const profile = profiles[m.enterprise];
      if (!enterprise || !profile) continue;
      const role = roles.get(m.enterprise) ?? 'supporting';
      let joinYear = Math.max(clusterStart, profile.firstYear);
      if (role !== 'chain_master' && random.next() < 0.15) {
        joinYear += random.int(Math.max(1, options.endYear - joinYear + 1));
      }
      joinYear = Math.min(joinYear, options.endYear);
      const validFrom = isoDate(joinYear, 1 + random.int(12), 1);
      let validTo: string | null = null;
      if (role === 'supporting' && joinYear < options.endYear && random.next() < 0.03) {
        validTo = isoDate(joinYear + 1 + random.int(options.endYear - joinYear), 6, 30);
      }
      memberships.push({
        creditCode: enterprise.creditCode,
        clusterCode: cluster.code,
        role,
        validFrom,
        validTo,
      });
      if (role === 'chain_master')
        cluster.chainMasterCreditCodes = [...(cluster.chainMasterCreditCodes ?? []), enterprise.creditCode];
    }
  });
  return memberships;
}

/**
 * Designations by quota: round(share × enterprises) holders of each (type, level), drawn among the
 * enterprises above its size percentile. First grant in the last nine years, recent years likelier;
 * three-year titles are renewed at expiry with the profile's probability, so some have lapsed.
 */
function buildDesignations(
  options: DemoOptions,
  enterprises: readonly DemoEnterprise[],
  profiles: readonly Profile[],
  percentile: Float64Array,
): DemoDesignation[] {
  const random = createRandom(options.seed, streams.designations);
  const { endYear } = options;
  const designations: DemoDesignation[] = [];
  const days = [15, 20, 28];
  for (const profile of designationProfiles) {
    const eligible: number[] = [];
    for (let i = 0; i < enterprises.length; i++) {
      if ((percentile[i] ?? 0) >= profile.minSizePercentile) eligible.push(i);
    }
    const quota = Math.min(eligible.length, Math.round(profile.share * enterprises.length));
    // Partial Fisher–Yates: the first `quota` of a random permutation of the eligible.
    for (let k = 0; k < quota; k++) {
      const j = k + random.int(eligible.length - k);
      const a = eligible[k] ?? 0;
      eligible[k] = eligible[j] ?? 0;
      eligible[j] = a;
    }
    const holders = eligible.slice(0, quota).sort((a, b) => a - b);
    const day = pickOne(random, days);
    for (const i of holders) {
      const enterprise = enterprises[i];
      const firm = profiles[i];
      if (!enterprise || !firm) continue;
      // Weights 1, 1.25, 1.5, … for the years endYear − 8 … endYear.
      const span = profile.validityYears === null ? 7 : 9;
      let total = 0;
      for (let k = 0; k < span; k++) total += 1 + 0.25 * k;
      let target = random.next() * total;
      let offset = 0;
      for (; offset < span - 1; offset++) {
        target -= 1 + 0.25 * offset;
        if (target < 0) break;
      }
      const firstYear = Math.max(endYear - span + 1 + offset, firm.firstYear + 1);
      if (firstYear > endYear) continue;
      const rule = designationTypeRules[profile.type];
      for (let year = firstYear; year <= endYear; ) {
        const grantedOn = isoDate(year, profile.month, day);
        designations.push({
          creditCode: enterprise.creditCode,
          type: profile.type,
          level: profile.level,
          grantedOn,
          expiresOn: profile.validityYears === null ? null : lastValidDay(grantedOn, profile.validityYears),
          documentNumber: `${profile.documentPrefix}〔${year}〕${profile.month}号`,
          grantingDepartmentCode: rule.grantingDepartmentCode,
        });
        if (profile.validityYears === null || random.next() >= profile.renewal) break;
        year += profile.validityYears;
      }
    }
  }
  return designations;
}

const organisationWords: Record<DemoOrganisationType, string> = {
  association: '集群发展促进会',
  alliance: '产业联盟',
  'platform-company': '集群服务有限公司',
  institute: '产业研究院',
};
const activityTitles = [
  '产业链供需对接会',
  '技术创新合作交流会',
  '集群企业人才招聘会',
  '标准化工作研讨会',
  '数字化转型现场会',
  '产学研合作签约活动',
];

/** One promoting organisation per cluster (示例 in its name), with two to four activities a year. */
function buildOrganisations(
  options: DemoOptions,
  clusters: DemoCluster[],
  memberships: readonly DemoMembership[],
): { organisations: DemoOrganisation[]; activities: DemoOrganisationActivity[] } {
  const random = createRandom(options.seed, streams.organisations);
  const startYear = options.endYear - options.years + 1;
  const memberCount = new Map<string, number>();
  for (const m of memberships) memberCount.set(m.clusterCode, (memberCount.get(m.clusterCode) ?? 0) + 1);
  const organisations: DemoOrganisation[] = [];
  const activities: DemoOrganisationActivity[] = [];
  clusters.forEach((cluster, index) => {
    const type = pickOne(random, demoOrganisationTypes);
    const base = cluster.name.replace(/集群\d*$/, '').replace('示例', '');
    const code = `SD-O-${pad(index + 1, 4)}`;
    const foundedYear = Math.min(
      options.endYear,
      Number((cluster.changedOn ?? `${startYear}`).slice(0, 4)) - 1,
    );
    organisations.push({
      code,
      name: `${base}示例${organisationWords[type]}`,
      type,
      clusterCode: cluster.code,
      cityCode: cluster.leadCityCode,
      foundedOn: isoDate(foundedYear, 1 + random.int(12), 1 + random.int(28)),
      isDemo: true,
    });
    cluster.promotingOrganisationCode = code;
    const members = memberCount.get(cluster.code) ?? 0;
    for (let year = Math.max(startYear, foundedYear); year <= options.endYear; year++) {
      const count = 2 + random.int(3);
      for (let k = 0; k < count; k++) {
        activities.push({
          organisationCode: code,
          date: isoDate(year, 1 + random.int(12), 1 + random.int(28)),
          title: `${year}年${pickOne(random, activityTitles)}（示例）`,
          participants: Math.max(5, Math.round(members * (0.1 + 0.3 * random.next()))),
        });
      }
    }
  });
  return { organisations, activities };
}
