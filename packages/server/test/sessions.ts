// Helpers for tests that bring their own database; the seeding and sign-in live in identity-fixtures.ts.
export {
  adminPassword as testAdminPassword,
  buildSeededApp as buildTestApp,
  demoPassword as testDemoPassword,
  type Session as TestSession,
  signIn,
} from './identity-fixtures.ts';
