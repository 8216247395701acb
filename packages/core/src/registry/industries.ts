/**
 * Controlled lists the registries use: the policy's industries (鲁政办字〔2023〕185号, `industries`:
 * a cluster's lead industry, 主导产业) and the industrial divisions of GB/T 4754-2017 (an
 * enterprise's 国民经济行业 division, 大类). Copied from the reference data so that core validates
 * without I/O; another province replaces `policyIndustries` with its own list.
 */

/** The policy's controlled list of industries; `scaleGroup` is the scale goal it is listed under. */
export const policyIndustries = [
  { code: 'power-equipment', name: '动力装备', scaleGroup: 'S5000' },
  { code: 'high-end-aluminium', name: '高端铝业', scaleGroup: 'S5000' },
  { code: 'smart-appliances', name: '智能家电', scaleGroup: 'S5000' },
  { code: 'biomedicine', name: '生物医药', scaleGroup: 'S3000' },
  { code: 'new-gen-it', name: '新一代信息技术', scaleGroup: 'S3000' },
  { code: 'advanced-metals', name: '先进金属材料', scaleGroup: 'S3000' },
  { code: 'chemical-new-materials', name: '化工新材料', scaleGroup: 'S3000' },
  { code: 'nev', name: '新能源汽车', scaleGroup: 'S3000' },
  { code: 'food', name: '食品', scaleGroup: 'S3000' },
  { code: 'new-energy-equipment', name: '新能源装备', scaleGroup: 'S1000' },
  { code: 'intelligent-manufacturing-equipment', name: '智能制造装备', scaleGroup: 'S1000' },
  { code: 'offshore-equipment', name: '海工装备', scaleGroup: 'S1000' },
  { code: 'rail-transit', name: '轨道交通', scaleGroup: 'S1000' },
  { code: 'modern-textiles', name: '现代轻纺', scaleGroup: 'S1000' },
  { code: 'eco-environmental', name: '生态环保', scaleGroup: 'S1000' },
  { code: 'machine-tools', name: '工业母机装备', scaleGroup: null },
  { code: 'engineering-machinery', name: '工程机械装备', scaleGroup: null },
] as const;

export const industryCodes = [
  'power-equipment',
  'high-end-aluminium',
  'smart-appliances',
  'biomedicine',
  'new-gen-it',
  'advanced-metals',
  'chemical-new-materials',
  'nev',
  'food',
  'new-energy-equipment',
  'intelligent-manufacturing-equipment',
  'offshore-equipment',
  'rail-transit',
  'modern-textiles',
  'eco-environmental',
  'machine-tools',
  'engineering-machinery',
] as const satisfies readonly (typeof policyIndustries)[number]['code'][];
export type IndustryCode = (typeof industryCodes)[number];

/**
 * GB/T 4754-2017 (with its 2019 amendment), industrial sections at division (大类) level:
 * B mining 06–12, C manufacturing 13–43, D utilities 44–46. 工业 = B + C + D.
 */
export const industryDivisions = [
  { code: '06', section: 'B', name: '煤炭开采和洗选业' },
  { code: '07', section: 'B', name: '石油和天然气开采业' },
  { code: '08', section: 'B', name: '黑色金属矿采选业' },
  { code: '09', section: 'B', name: '有色金属矿采选业' },
  { code: '10', section: 'B', name: '非金属矿采选业' },
  { code: '11', section: 'B', name: '开采专业及辅助性活动' },
  { code: '12', section: 'B', name: '其他采矿业' },
  { code: '13', section: 'C', name: '农副食品加工业' },
  { code: '14', section: 'C', name: '食品制造业' },
  { code: '15', section: 'C', name: '酒、饮料和精制茶制造业' },
  { code: '16', section: 'C', name: '烟草制品业' },
  { code: '17', section: 'C', name: '纺织业' },
  { code: '18', section: 'C', name: '纺织服装、服饰业' },
  { code: '19', section: 'C', name: '皮革、毛皮、羽毛及其制品和制鞋业' },
  { code: '20', section: 'C', name: '木材加工和木、竹、藤、棕、草制品业' },
  { code: '21', section: 'C', name: '家具制造业' },
  { code: '22', section: 'C', name: '造纸和纸制品业' },
  { code: '23', section: 'C', name: '印刷和记录媒介复制业' },
  { code: '24', section: 'C', name: '文教、工美、体育和娱乐用品制造业' },
  { code: '25', section: 'C', name: '石油、煤炭及其他燃料加工业' },
  { code: '26', section: 'C', name: '化学原料和化学制品制造业' },
  { code: '27', section: 'C', name: '医药制造业' },
  { code: '28', section: 'C', name: '化学纤维制造业' },
  { code: '29', section: 'C', name: '橡胶和塑料制品业' },
  { code: '30', section: 'C', name: '非金属矿物制品业' },
  { code: '31', section: 'C', name: '黑色金属冶炼和压延加工业' },
  { code: '32', section: 'C', name: '有色金属冶炼和压延加工业' },
  { code: '33', section: 'C', name: '金属制品业' },
  { code: '34', section: 'C', name: '通用设备制造业' },
  { code: '35', section: 'C', name: '专用设备制造业' },
  { code: '36', section: 'C', name: '汽车制造业' },
  { code: '37', section: 'C', name: '铁路、船舶、航空航天和其他运输设备制造业' },
  { code: '38', section: 'C', name: '电气机械和器材制造业' },
  { code: '39', section: 'C', name: '计算机、通信和其他电子设备制造业' },
  { code: '40', section: 'C', name: '仪器仪表制造业' },
  { code: '41', section: 'C', name: '其他制造业' },
  { code: '42', section: 'C', name: '废弃资源综合利用业' },
  { code: '43', section: 'C', name: '金属制品、机械和设备修理业' },
  { code: '44', section: 'D', name: '电力、热力生产和供应业' },
  { code: '45', section: 'D', name: '燃气生产和供应业' },
  { code: '46', section: 'D', name: '水的生产和供应业' },
] as const;

export const industryDivisionCodes: readonly string[] = industryDivisions.map((division) => division.code);

export function isIndustryDivision(code: string): boolean {
  return industryDivisionCodes.includes(code);
}
