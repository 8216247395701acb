/**
 * The Chinese catalogue: the default UI language and the source of every message key.
 * Keys are flat, grouped by a dotted prefix; `{name}` marks a value filled in by `t(key, { name })`.
 * The English catalogue (en.ts) must have exactly these keys (checked by the type and by a test).
 */
import { adminZh } from './admin.zh-CN.ts';
import { auditZh } from './audit.zh-CN.ts';
import { collectionFlowZh } from './collection-flow.zh-CN.ts';
import { dataPagesZh } from './data-pages.zh-CN.ts';
import { evaluationZh } from './evaluation.zh-CN.ts';
import { evaluationStudioZh } from './evaluation-studio.zh-CN.ts';
import { recognitionFlowZh } from './recognition-flow.zh-CN.ts';
import { registryDetailZh } from './registry-detail.zh-CN.ts';
import { targetsZh } from './targets.zh-CN.ts';
import { targetsWorkZh } from './targets-work.zh-CN.ts';
import { todoZh } from './todo.zh-CN.ts';
import { workPagesZh } from './work-pages.zh-CN.ts';

export const zhCN = {
  'app.name': '群策',
  'app.fullName': '群策 · 先进制造业集群培育与评价平台',
  'app.tagline': '先进制造业集群培育、认定、评价与复核',

  'locale.label': '界面语言',
  'locale.zh-CN': '中文',
  'locale.en': 'English',

  'common.retry': '重试',
  'common.backHome': '返回首页',
  'common.logout': '退出登录',
  'common.account': '当前用户',

  'login.title': '登录',
  'login.subtitle': '请使用分配给您的账号登录',
  'login.username': '用户名',
  'login.usernamePlaceholder': '例如 demo-city',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.error.title': '登录失败',
  'login.error.invalidCredentials': '用户名或密码错误。连续 5 次失败后账号将被锁定 15 分钟。',
  'login.error.locked': '该账号因多次登录失败已被暂时锁定，请稍后再试或联系安全管理员。',
  'login.error.lockedUntil': '该账号因多次登录失败已被锁定，请于 {time} 之后再试或联系安全管理员。',
  'login.error.network': '无法连接服务器，请检查网络后重试。',
  'login.error.other': '登录时出现错误：{message}',
  'login.sessionExpired': '会话已过期或尚未登录，请重新登录。',
  'login.footer': '本系统仅限授权人员使用，所有操作均记录审计日志。',

  'password.title': '设置新密码',
  'password.intro': '这是首次登录或密码已被重置，请先设置新密码再继续。',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.confirm': '确认新密码',
  'password.policy': '至少 10 个字符，包含小写字母、大写字母、数字、其他字符中的至少三类，且不得包含用户名。',
  'password.currentRequired': '请输入当前密码',
  'password.newRequired': '请输入新密码',
  'password.sameAsCurrent': '新密码不能与当前密码相同',
  'password.confirmRequired': '请再次输入新密码',
  'password.mismatch': '两次输入的新密码不一致',
  'password.submit': '保存并继续',
  'password.wrongCurrent': '当前密码不正确',
  'password.error': '修改密码失败：{message}',

  'nav.label': '主导航',
  'nav.cockpit': '驾驶舱',
  'nav.clusters': '集群',
  'nav.enterprises': '企业',
  'nav.evaluation': '评价',
  'nav.import': '导入',
  'nav.targets': '目标任务',
  'nav.recognition': '认定',
  'nav.reviews': '复核',
  'nav.collection': '数据采集',
  'nav.todo': '待办',
  'nav.admin': '系统管理',
  'nav.audit': '审计',
  'nav.collapse': '收起导航',
  'nav.expand': '展开导航',

  'feature.cockpit': '“3830”集群梯队与目标对照、全省地图、目标状态和产值与研发强度趋势。',
  'feature.clusters': '集群名录、筛选与导出；集群档案、梯队历程、成员企业、载体、园区、指标与评价结果。',
  'feature.enterprises': '企业、创新载体与园区的名录、筛选、详情与导出。',
  'feature.evaluation': '评价工作室：指标体系与权重、方法选择、运行、排名区间、敏感性与梯队边界。',
  'feature.import': '导入向导：下载模板、上传、试运行校验、逐行错误、提交与错误工作簿下载。',
  'feature.targets': '2025 年目标与重点任务看板：进度状态、责任单位与计算过程。',
  'feature.recognition': '省级集群“赛马”认定：申报、资格审查、专家评分、综合排名、公示与决定。',
  'feature.reviews': '已认定集群的三年复核：通过、限期整改或撤销，以及梯队升级。',
  'feature.collection': '数据采集：数据集、填报期与截止日期、任务分派、提交、退回与锁定。',
  'feature.todo': '我的待办：应报送的数据、待评分的申报、到期的复核和被退回的报告。',
  'feature.admin': '用户、角色、权限与系统设置（系统管理员与安全管理员）。',
  'feature.audit': '审计日志查询与筛选（审计管理员）。',

  'page.underConstruction.title': '{page}：建设中',
  'page.underConstruction.subtitle': '该页面尚未上线，上线后将提供：{description}',
  'page.forbidden.title': '无权访问',
  'page.forbidden.subtitle': '您的角色无权查看“{page}”。如需访问，请联系安全管理员。',
  'page.notFound.title': '页面不存在',
  'page.notFound.subtitle': '没有找到地址 {path} 对应的页面。',
  'page.error.title': '页面出错了',
  'page.error.subtitle': '加载页面时出现错误，请刷新重试。',

  'shell.noOrganisation': '未关联单位',

  ...dataPagesZh,
  ...registryDetailZh,
  ...auditZh,
  ...adminZh,
  ...targetsZh,
  ...targetsWorkZh,
  ...todoZh,
  ...evaluationZh,
  ...evaluationStudioZh,
  ...workPagesZh,
  ...collectionFlowZh,
  ...recognitionFlowZh,
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;

/** A catalogue for another language: every key of the Chinese one, nothing else. */
export type Catalogue = { readonly [K in MessageKey]: string };
