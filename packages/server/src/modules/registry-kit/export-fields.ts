/**
 * The columns of each list export: bilingual headers (中文 / English), values as the list shows them:
 * coded values by their Chinese names, the ones the import templates take (省级, 已认定, 链主, 高新技术企业),
 * cities by name with their GB/T 2260 code in a column of its own; identifying codes (credit code,
 * cluster code) as they are; dates YYYY-MM-DD.
 */
import type { CarrierView, ParkView } from '@qunce/core/carriers-parks';
import type { ObservationView } from '@qunce/core/metrics';
import type { PromotingOrgView } from '@qunce/core/promoting-orgs';
import type { ClusterMemberView, ClusterView, DesignationView, EnterpriseView } from '@qunce/core/registry';
import {
  carrierTypeNames,
  clusterStatusNames,
  clusterTierNames,
  designationTypeNames,
  ecoIndustrialStatusNames,
  fiveGCoverageNames,
  levelNames,
  membershipRoleNames,
  parkLevelNames,
} from '@qunce/core/registry';
import { readCitiesFile } from '../reference/reference.seed.ts';
import type { ExportField } from './registry-kit.export.ts';

const list = (values: readonly string[]) => values.join('、');

/** The Chinese name of a coded value; an unknown code is written as it is (never a blank). */
function namer(table: readonly { code: string; name: string }[]) {
  const names = new Map(table.map((entry) => [entry.code, entry.name]));
  return (code: string | null): string | null => (code === null ? null : (names.get(code) ?? code));
}
const tierName = namer(clusterTierNames);
const statusName = namer(clusterStatusNames);
const roleName = namer(membershipRoleNames);
const designationName = namer(designationTypeNames);
const levelName = namer(levelNames);
const carrierTypeName = namer(carrierTypeNames);
const parkLevelName = namer(parkLevelNames);
const ecoStatusName = namer(ecoIndustrialStatusNames);
const fiveGName = namer(fiveGCoverageNames);

let cityNames: Map<string, string> | undefined;
/** 370700 → 潍坊市 (the project's reference file; read once). */
function cityName(code: string | null): string | null {
  if (code === null) return null;
  cityNames ??= new Map(readCitiesFile().cities.map((city) => [city.code, city.name]));
  return cityNames.get(code) ?? code;
}
const cityList = (codes: readonly string[]) => list(codes.map((code) => cityName(code) ?? code));
const yesNo = (value: boolean) => (value ? '是' : '否');

export const clusterExportFields: readonly ExportField<ClusterView>[] = [
  { header: '集群代码 / Code', value: (c) => c.code, width: 14 },
  { header: '集群名称 / Name', value: (c) => c.name, width: 36 },
  { header: '英文名称 / English name', value: (c) => c.nameEn, width: 30 },
  { header: '主导产业 / Lead industry', value: (c) => c.leadIndustry, width: 20 },
  { header: '已达层级 / Tier', value: (c) => tierName(c.tier) },
  { header: '培育目标 / Cultivation target', value: (c) => tierName(c.cultivationTarget) },
  { header: '状态 / Status', value: (c) => statusName(c.status) },
  { header: '城市 / Cities', value: (c) => cityList(c.cityCodes), width: 24 },
  { header: '城市代码 / City codes', value: (c) => list(c.cityCodes), width: 16 },
  { header: '牵头城市 / Lead city', value: (c) => cityName(c.leadCityCode) },
  { header: '促进组织 / Promoting organisation', value: (c) => c.promotingOrganisationCode, width: 20 },
  { header: '链主企业 / Chain masters', value: (c) => list(c.chainMasterCreditCodes), width: 40 },
  { header: '版本 / Version', value: (c) => c.version },
  { header: '更新时间 / Updated', value: (c) => c.updatedAt, width: 24 },
];

export const enterpriseExportFields: readonly ExportField<EnterpriseView>[] = [
  { header: '统一社会信用代码 / Credit code', value: (e) => e.creditCode, width: 22 },
  { header: '企业名称 / Name', value: (e) => e.name, width: 36 },
  { header: '城市 / City', value: (e) => cityName(e.cityCode) },
  { header: '城市代码 / City code', value: (e) => e.cityCode },
  { header: '区县 / County', value: (e) => e.countyCode },
  { header: '行业大类 / Industry division', value: (e) => e.industryDivision },
  { header: '规上 / Above scale', value: (e) => yesNo(e.isAboveScale) },
  { header: '重点企业 / Key enterprise', value: (e) => yesNo(e.isKeyEnterprise) },
  { header: '5G覆盖 / 5G', value: (e) => yesNo(e.has5g) },
  { header: '版本 / Version', value: (e) => e.version },
  { header: '更新时间 / Updated', value: (e) => e.updatedAt, width: 24 },
];

export const membershipExportFields: readonly ExportField<ClusterMemberView>[] = [
  { header: '集群代码 / Cluster', value: (m) => m.clusterCode, width: 14 },
  { header: '统一社会信用代码 / Credit code', value: (m) => m.creditCode, width: 22 },
  { header: '企业名称 / Enterprise', value: (m) => m.enterpriseName, width: 36 },
  { header: '城市 / City', value: (m) => cityName(m.cityCode) },
  { header: '城市代码 / City code', value: (m) => m.cityCode },
  { header: '角色 / Role', value: (m) => roleName(m.role) },
  { header: '加入日期 / Valid from', value: (m) => m.validFrom },
  { header: '退出日期 / Valid to', value: (m) => m.validTo },
  { header: '版本 / Version', value: (m) => m.version },
];

export const designationExportFields: readonly ExportField<DesignationView>[] = [
  { header: '统一社会信用代码 / Credit code', value: (d) => d.creditCode, width: 22 },
  { header: '企业名称 / Enterprise', value: (d) => d.enterpriseName, width: 36 },
  { header: '城市 / City', value: (d) => cityName(d.cityCode) },
  { header: '城市代码 / City code', value: (d) => d.cityCode },
  { header: '称号类型 / Type', value: (d) => designationName(d.type), width: 22 },
  { header: '级别 / Level', value: (d) => levelName(d.level) },
  { header: '认定日期 / Granted on', value: (d) => d.grantedOn },
  { header: '有效期至 / Expires on', value: (d) => d.expiresOn },
  { header: '撤销日期 / Revoked on', value: (d) => d.revokedOn },
  { header: '文号 / Document number', value: (d) => d.documentNumber, width: 24 },
  { header: '认定部门 / Granting department', value: (d) => d.grantingDepartmentCode },
  { header: '版本 / Version', value: (d) => d.version },
];

export const carrierExportFields: readonly ExportField<CarrierView>[] = [
  { header: '载体名称 / Name', value: (c) => c.name, width: 36 },
  { header: '类型 / Type', value: (c) => carrierTypeName(c.type), width: 24 },
  { header: '级别 / Level', value: (c) => levelName(c.level) },
  { header: '依托单位信用代码 / Host credit code', value: (c) => c.hostCreditCode, width: 22 },
  { header: '依托单位 / Host', value: (c) => c.hostName, width: 30 },
  { header: '城市 / City', value: (c) => cityName(c.cityCode) },
  { header: '城市代码 / City code', value: (c) => c.cityCode },
  { header: '集群代码 / Cluster', value: (c) => c.clusterCode },
  { header: '认定日期 / Recognised on', value: (c) => c.recognisedOn },
  { header: '文号 / Document number', value: (c) => c.documentNumber, width: 24 },
  { header: '版本 / Version', value: (c) => c.version },
];

export const parkExportFields: readonly ExportField<ParkView>[] = [
  { header: '园区代码 / Code', value: (p) => p.code, width: 14 },
  { header: '园区名称 / Name', value: (p) => p.name, width: 36 },
  { header: '城市 / City', value: (p) => cityName(p.cityCode) },
  { header: '城市代码 / City code', value: (p) => p.cityCode },
  { header: '区县 / County', value: (p) => p.countyCode },
  { header: '级别 / Level', value: (p) => parkLevelName(p.level) },
  { header: '生态工业园区 / Eco-industrial status', value: (p) => ecoStatusName(p.ecoIndustrialStatus) },
  { header: '5G覆盖 / 5G coverage', value: (p) => fiveGName(p.fiveGCoverage) },
  { header: '服务集群 / Clusters served', value: (p) => list(p.clusterCodes), width: 30 },
  { header: '版本 / Version', value: (p) => p.version },
];

export const observationExportFields: readonly ExportField<ObservationView>[] = [
  { header: '主体类型 / Subject type', value: (o) => o.subjectType },
  { header: '主体代码 / Subject code', value: (o) => o.subjectCode, width: 22 },
  { header: '指标 / Metric', value: (o) => o.metric, width: 26 },
  { header: '期间 / Period', value: (o) => o.period },
  { header: '数值 / Value', value: (o) => o.value, width: 16 },
  { header: '来源 / Source', value: (o) => o.source },
  { header: '状态 / Status', value: (o) => o.status },
  { header: '更新时间 / Updated', value: (o) => o.updatedAt, width: 24 },
  { header: '更新人 / Updated by', value: (o) => o.updatedBy },
];

export const promotingOrgExportFields: readonly ExportField<PromotingOrgView>[] = [
  { header: '组织代码 / Code', value: (o) => o.code, width: 16 },
  { header: '组织名称 / Name', value: (o) => o.name, width: 36 },
  { header: '类型 / Type', value: (o) => o.type },
  { header: '统一社会信用代码 / Credit code', value: (o) => o.creditCode, width: 22 },
  { header: '城市 / City', value: (o) => cityName(o.cityCode) },
  { header: '城市代码 / City code', value: (o) => o.cityCode },
  { header: '促进集群 / Clusters', value: (o) => list(o.clusterCodes), width: 24 },
  { header: '成立日期 / Established on', value: (o) => o.establishedOn },
  { header: '联系人 / Contact', value: (o) => o.contactName },
  { header: '电话 / Phone', value: (o) => o.contactPhone },
  { header: '邮箱 / Email', value: (o) => o.contactEmail, width: 24 },
  { header: '成员数 / Members', value: (o) => o.memberCount },
  { header: '版本 / Version', value: (o) => o.version },
];
