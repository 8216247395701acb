import { adminEn } from './admin.en.ts';
import { auditEn } from './audit.en.ts';
import { collectionFlowEn } from './collection-flow.en.ts';
import { dataPagesEn } from './data-pages.en.ts';
import { evaluationEn } from './evaluation.en.ts';
import { evaluationStudioEn } from './evaluation-studio.en.ts';
import { recognitionFlowEn } from './recognition-flow.en.ts';
import { registryDetailEn } from './registry-detail.en.ts';
import { targetsEn } from './targets.en.ts';
import { targetsWorkEn } from './targets-work.en.ts';
import { todoEn } from './todo.en.ts';
import { workPagesEn } from './work-pages.en.ts';
import type { Catalogue } from './zh-CN.ts';

/** The English catalogue: the second UI language. Same keys and placeholders as zh-CN.ts. */
export const en: Catalogue = {
  'app.name': 'Qunce',
  'app.fullName': 'Qunce · Advanced Manufacturing Cluster Platform',
  'app.tagline': 'Cultivating, recognising, evaluating and reviewing advanced manufacturing clusters',

  'locale.label': 'Language',
  'locale.zh-CN': '中文',
  'locale.en': 'English',

  'common.retry': 'Retry',
  'common.backHome': 'Back to home',
  'common.logout': 'Sign out',
  'common.account': 'Signed in as',

  'login.title': 'Sign in',
  'login.subtitle': 'Use the account you were given',
  'login.username': 'Username',
  'login.usernamePlaceholder': 'e.g. demo-city',
  'login.password': 'Password',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.error.title': 'Sign-in failed',
  'login.error.invalidCredentials':
    'Wrong username or password. After 5 failed attempts the account is locked for 15 minutes.',
  'login.error.locked':
    'This account is temporarily locked after too many failed sign-ins. Try again later or contact the security administrator.',
  'login.error.lockedUntil':
    'This account is locked after too many failed sign-ins. Try again after {time} or contact the security administrator.',
  'login.error.network': 'Cannot reach the server. Check your network and try again.',
  'login.error.other': 'Sign-in failed: {message}',
  'login.sessionExpired': 'Your session has expired or you are not signed in. Please sign in.',
  'login.footer': 'For authorised users only. Every action is recorded in the audit log.',

  'password.title': 'Set a new password',
  'password.intro': 'This is your first sign-in or your password was reset. Set a new password to continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Confirm new password',
  'password.policy':
    'At least 10 characters, with at least three of: lower-case letters, upper-case letters, digits, other characters; must not contain the username.',
  'password.currentRequired': 'Enter your current password',
  'password.newRequired': 'Enter a new password',
  'password.sameAsCurrent': 'The new password must differ from the current one',
  'password.confirmRequired': 'Enter the new password again',
  'password.mismatch': 'The two new passwords do not match',
  'password.submit': 'Save and continue',
  'password.wrongCurrent': 'The current password is wrong',
  'password.error': 'Could not change the password: {message}',

  'nav.label': 'Main navigation',
  'nav.cockpit': 'Cockpit',
  'nav.clusters': 'Clusters',
  'nav.enterprises': 'Enterprises',
  'nav.evaluation': 'Evaluation',
  'nav.import': 'Import',
  'nav.targets': 'Targets & tasks',
  'nav.recognition': 'Recognition',
  'nav.reviews': 'Reviews',
  'nav.collection': 'Data collection',
  'nav.todo': 'To-do',
  'nav.admin': 'Administration',
  'nav.audit': 'Audit',
  'nav.collapse': 'Collapse navigation',
  'nav.expand': 'Expand navigation',

  'feature.cockpit':
    'The "3830" cluster pyramid against its goals, the province map, target status and output and R&D intensity trends.',
  'feature.clusters':
    'Cluster list with filters and export; profiles with tier history, member enterprises, carriers, parks, metrics and evaluations.',
  'feature.enterprises': 'Lists, filters, details and exports of enterprises, innovation carriers and parks.',
  'feature.evaluation':
    'Evaluation studio: indicator framework and weights, methods, runs, rank intervals, sensitivity and tier boundaries.',
  'feature.import':
    'Import wizard: template download, upload, dry-run validation, row-level errors, commit and error workbook.',
  'feature.targets':
    'Board of the 2025 targets and key tasks: progress status, responsible departments and calculations.',
  'feature.recognition':
    'Competitive recognition of provincial clusters: applications, eligibility, expert scores, ranking, notice and decision.',
  'feature.reviews':
    'Three-yearly review of recognised clusters: pass, rectify within a deadline or revoke; tier upgrades.',
  'feature.collection':
    'Data collection: data sets, periods and deadlines, assignments, submissions, returns and locked figures.',
  'feature.todo': 'My to-do list: data owed, applications to score, reviews due and reports returned.',
  'feature.admin': 'Users, roles, permissions and settings (system and security administrators).',
  'feature.audit': 'Audit trail search and filters (auditor).',

  'page.underConstruction.title': '{page}: under construction',
  'page.underConstruction.subtitle':
    'This page is not available yet. When it is, it will offer: {description}',
  'page.forbidden.title': 'Access denied',
  'page.forbidden.subtitle':
    'Your role may not open "{page}". Contact the security administrator if you need it.',
  'page.notFound.title': 'Page not found',
  'page.notFound.subtitle': 'There is no page at {path}.',
  'page.error.title': 'Something went wrong',
  'page.error.subtitle': 'The page failed to load. Reload to try again.',

  'shell.noOrganisation': 'No organisation',

  ...dataPagesEn,
  ...registryDetailEn,
  ...auditEn,
  ...adminEn,
  ...targetsEn,
  ...targetsWorkEn,
  ...todoEn,
  ...evaluationEn,
  ...evaluationStudioEn,
  ...workPagesEn,
  ...collectionFlowEn,
  ...recognitionFlowEn,
};
