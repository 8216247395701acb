/**
 * Stable codes of the responsible units (责任单位) named in 鲁政办字〔2023〕185号, keyed by the name as
 * the policy writes it. Codes never change once issued; a renamed department keeps its code.
 */
export const policyUnitCodes = {
  省工业和信息化厅: 'dept-miit',
  省发展改革委: 'dept-ndrc',
  省科技厅: 'dept-sti',
  省市场监管局: 'dept-amr',
  省生态环境厅: 'dept-eco',
  省人力资源社会保障厅: 'dept-hrss',
  省财政厅: 'dept-fin',
  省地方金融监管局: 'dept-lfra',
  中国人民银行山东省分行: 'dept-pbc',
  省自然资源厅: 'dept-nr',
  省大数据局: 'dept-bigdata',
  省交通运输厅: 'dept-transport',
  省商务厅: 'dept-commerce',
  省制造强省建设领导小组办公室: 'dept-mfg-office',
  省政府有关部门: 'dept-others',
  各市人民政府: 'city-governments',
} as const;

/** The province administrator's organisation (省工业和信息化厅). */
export const provinceOrganisationCode = 'dept-miit';

export function unitCodeByName(name: string): string | undefined {
  return (policyUnitCodes as Record<string, string>)[name];
}

/** The code of a city's bureau (市工信局) from the city's GB/T 2260 code, e.g. 370700 → city-370700. */
export function cityOrganisationCode(cityCode: string): string {
  return `city-${cityCode}`;
}
