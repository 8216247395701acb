import path from 'node:path';

/**
 * Runtime configuration, read once from the environment. Every variable is listed in the README's
 * configuration table; keep the two in step.
 */
export type Config = {
  port: number;
  host: string;
  /** postgres://... switches from the embedded PGlite to a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** Data directory: PGlite files, attachments, the start-up lock. */
  dataDir: string;
  adminPassword: string | undefined;
  demoPassword: string | undefined;
  logLevel: string;
  /** Largest accepted request body for JSON, bytes. */
  bodyLimit: number;
  /** Largest accepted upload, bytes (attachments and imports). */
  uploadLimit: number;
  /** Idle minutes before a session expires. */
  sessionIdleMinutes: number;
  /** Mark session cookies Secure (QUNCE_COOKIE_SECURE=true behind HTTPS). */
  cookieSecure: boolean;
  isProduction: boolean;
};

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`环境变量 ${name} 必须是非负整数 / ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL 必须以 postgres:// 开头 / DATABASE_URL must start with postgres://');
  }
  return {
    port: intFromEnv(env, 'PORT', 3000),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.QUNCE_DATA_DIR?.trim() || 'data'),
    adminPassword: env.QUNCE_ADMIN_PASSWORD || undefined,
    demoPassword: env.QUNCE_DEMO_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    bodyLimit: intFromEnv(env, 'QUNCE_BODY_LIMIT', 1024 * 1024),
    uploadLimit: intFromEnv(env, 'QUNCE_UPLOAD_LIMIT_MB', 50) * 1024 * 1024,
    sessionIdleMinutes: intFromEnv(env, 'QUNCE_SESSION_IDLE_MINUTES', 30),
    cookieSecure: env.QUNCE_COOKIE_SECURE === 'true',
    isProduction: env.NODE_ENV === 'production',
  };
}
