/**
 * Tables behind the demo-data generator: which GB/T 4754 divisions each of the policy's industries
 * draws its enterprises from, the words synthetic enterprise names are made of, and how often each
 * designation occurs. Every name built from these words contains 示例 ("example"), so no generated
 * name can be mistaken for a real company.
 */

import type { IndustryCode } from '../registry/industries.ts';
import type { DesignationLevel, DesignationType } from '../targets/target.contract.ts';

/** GB/T 4754-2017 manufacturing divisions (大类) typical of each industry, most frequent first. */
export const industryDivisionMix: Record<IndustryCode, readonly string[]> = {
  'power-equipment': ['34', '36', '33'],
  'high-end-aluminium': ['32', '33', '36'],
  'smart-appliances': ['38', '39', '29'],
  biomedicine: ['27', '35', '40'],
  'new-gen-it': ['39', '40', '38'],
  'advanced-metals': ['31', '32', '33'],
  'chemical-new-materials': ['26', '29', '28'],
  nev: ['36', '38', '34'],
  food: ['13', '14', '15'],
  'new-energy-equipment': ['38', '34', '35'],
  'intelligent-manufacturing-equipment': ['34', '35', '40'],
  'offshore-equipment': ['37', '35', '34'],
  'rail-transit': ['37', '38', '33'],
  'modern-textiles': ['17', '18', '28'],
  'eco-environmental': ['35', '42', '46'],
  'machine-tools': ['34', '35', '40'],
  'engineering-machinery': ['35', '34', '33'],
};

/** The business part of a name (before 有限公司), by industry. */
export const industryProductWords: Record<IndustryCode, readonly string[]> = {
  'power-equipment': ['动力机械', '发动机部件', '传动科技', '液压机械', '齿轮制造'],
  'high-end-aluminium': ['铝业科技', '铝材加工', '轻合金', '铝型材'],
  'smart-appliances': ['智能电器', '家电配件', '电子科技', '温控器件'],
  biomedicine: ['生物科技', '医药', '医疗器械', '药业'],
  'new-gen-it': ['信息技术', '电子科技', '软件科技', '数据科技'],
  'advanced-metals': ['特钢', '金属材料', '合金科技', '精密铸造'],
  'chemical-new-materials': ['新材料科技', '化工', '高分子材料', '精细化工'],
  nev: ['新能源汽车部件', '汽车电子', '电驱科技', '车身部件'],
  food: ['食品', '食品科技', '粮油', '饮品'],
  'new-energy-equipment': ['新能源科技', '光伏设备', '储能科技', '风电装备'],
  'intelligent-manufacturing-equipment': ['智能装备', '精密机械', '自动化设备', '机器人科技'],
  'offshore-equipment': ['海洋工程', '船舶配套', '海工装备', '船舶科技'],
  'rail-transit': ['轨道装备', '轨道交通部件', '牵引科技', '车辆配件'],
  'modern-textiles': ['纺织', '纺织科技', '服饰', '家纺'],
  'eco-environmental': ['环保科技', '环境工程', '节能科技', '再生资源'],
  'machine-tools': ['数控机床', '机床附件', '精密机械', '刀具科技'],
  'engineering-machinery': ['工程机械', '重工', '液压科技', '机械制造'],
};

/** One-character roots of the brand part; two of them make a brand (恒泰, 瑞丰 …). */
export const brandSyllables = '恒泰华宏瑞晟鑫达博远德信诚安盛源通锦嘉润丰利正和昌睿拓航凯益';

/** Chinese and English short names of the industries, for synthetic candidate cluster names. */
export const industryClusterWords: Record<IndustryCode, { zh: string; en: string }> = {
  'power-equipment': { zh: '动力装备', en: 'Power Equipment' },
  'high-end-aluminium': { zh: '高端铝材', en: 'High-End Aluminium' },
  'smart-appliances': { zh: '智能家电', en: 'Smart Appliances' },
  biomedicine: { zh: '生物医药', en: 'Biomedicine' },
  'new-gen-it': { zh: '新一代信息技术', en: 'New-Generation IT' },
  'advanced-metals': { zh: '先进金属材料', en: 'Advanced Metals' },
  'chemical-new-materials': { zh: '化工新材料', en: 'Chemical New Materials' },
  nev: { zh: '新能源汽车', en: 'New-Energy Vehicles' },
  food: { zh: '食品', en: 'Food' },
  'new-energy-equipment': { zh: '新能源装备', en: 'New-Energy Equipment' },
  'intelligent-manufacturing-equipment': { zh: '智能制造装备', en: 'Intelligent Manufacturing Equipment' },
  'offshore-equipment': { zh: '海工装备', en: 'Offshore Equipment' },
  'rail-transit': { zh: '轨道交通装备', en: 'Rail Transit Equipment' },
  'modern-textiles': { zh: '现代轻纺', en: 'Modern Textiles' },
  'eco-environmental': { zh: '节能环保', en: 'Eco-Environmental' },
  'machine-tools': { zh: '工业母机', en: 'Machine Tools' },
  'engineering-machinery': { zh: '工程机械', en: 'Engineering Machinery' },
};

export type DesignationProfile = {
  type: DesignationType;
  level: DesignationLevel;
  /** Share of all enterprises that were ever granted it (holders, expired or not). */
  share: number;
  /** Years of validity; null when the designation does not expire. */
  validityYears: number | null;
  /** Probability that a holder renews it at expiry (re-recognised for another term). */
  renewal: number;
  /** Month of the yearly list (公示名单) it is granted in. */
  month: number;
  /** Prefix of the synthetic document number. */
  documentPrefix: string;
  /** Only enterprises above this revenue rank percentile (0 = any) hold it: champions are large. */
  minSizePercentile: number;
};

/**
 * Designations in realistic proportions (shares of all cluster enterprises; docs/methods/demo-data.md
 * says where each comes from). Validity: high-tech certificates, 专精特新 and single-item champions
 * are recognised for three years and re-reviewed; factory, workshop and benchmark titles do not
 * expire. High-tech and 专精特新 lists come out in the fourth quarter; ministry lists mid-year.
 */
export const designationProfiles: readonly DesignationProfile[] = [
  {
    type: 'high-tech',
    level: 'national',
    share: 0.36,
    validityYears: 3,
    renewal: 0.82,
    month: 12,
    documentPrefix: '示例高企',
    minSizePercentile: 0.1,
  },
  {
    type: 'specialised-sme',
    level: 'provincial',
    share: 0.1,
    validityYears: 3,
    renewal: 0.8,
    month: 10,
    documentPrefix: '示例专精',
    minSizePercentile: 0.2,
  },
  {
    type: 'little-giant',
    level: 'national',
    share: 0.018,
    validityYears: 3,
    renewal: 0.85,
    month: 7,
    documentPrefix: '示例巨人',
    minSizePercentile: 0.5,
  },
  {
    type: 'single-champion',
    level: 'national',
    share: 0.0045,
    validityYears: 3,
    renewal: 0.9,
    month: 11,
    documentPrefix: '示例冠军',
    minSizePercentile: 0.9,
  },
  {
    type: 'single-champion',
    level: 'provincial',
    share: 0.022,
    validityYears: 3,
    renewal: 0.85,
    month: 9,
    documentPrefix: '示例省冠',
    minSizePercentile: 0.7,
  },
  {
    type: 'gazelle',
    level: 'provincial',
    share: 0.035,
    validityYears: 3,
    renewal: 0.6,
    month: 8,
    documentPrefix: '示例瞪羚',
    minSizePercentile: 0.4,
  },
  {
    type: 'unicorn',
    level: 'provincial',
    share: 0.0007,
    validityYears: 3,
    renewal: 0.7,
    month: 8,
    documentPrefix: '示例独角兽',
    minSizePercentile: 0.6,
  },
  {
    type: 'world-class-enterprise',
    level: 'national',
    share: 0.0002,
    validityYears: null,
    renewal: 0,
    month: 6,
    documentPrefix: '示例一流',
    minSizePercentile: 0.995,
  },
  {
    type: 'leading-enterprise',
    level: 'national',
    share: 0.0004,
    validityYears: null,
    renewal: 0,
    month: 6,
    documentPrefix: '示例领航',
    minSizePercentile: 0.99,
  },
  {
    type: 'national-smart-factory',
    level: 'national',
    share: 0.0024,
    validityYears: null,
    renewal: 0,
    month: 12,
    documentPrefix: '示例智造',
    minSizePercentile: 0.9,
  },
  {
    type: 'provincial-smart-factory',
    level: 'provincial',
    share: 0.009,
    validityYears: null,
    renewal: 0,
    month: 11,
    documentPrefix: '示例智厂',
    minSizePercentile: 0.6,
  },
  {
    type: 'digital-workshop',
    level: 'provincial',
    share: 0.008,
    validityYears: null,
    renewal: 0,
    month: 11,
    documentPrefix: '示例车间',
    minSizePercentile: 0.4,
  },
  {
    type: 'benchmark-enterprise',
    level: 'provincial',
    share: 0.0035,
    validityYears: null,
    renewal: 0,
    month: 12,
    documentPrefix: '示例标杆',
    minSizePercentile: 0.8,
  },
];
