import type { Job } from '@qunce/core';
import type { ImportIssue } from '@qunce/core/import';
import { ApiError, type ApiErrorCode, apiRequest, csrfCookie, csrfHeader, readCookie } from './client.ts';

/** What the import wizard offers, each with the permission the server asks for. */
export const importKinds = [
  { kind: 'enterprises', permission: 'enterprises.manage' },
  { kind: 'memberships', permission: 'enterprises.manage' },
  { kind: 'clusters', permission: 'clusters.manage' },
  { kind: 'designations', permission: 'designations.import' },
  { kind: 'carriers', permission: 'carriers.manage' },
  { kind: 'parks', permission: 'parks.manage' },
  { kind: 'observations', permission: 'observations.write' },
] as const;
export type ImportKind = (typeof importKinds)[number]['kind'];

/** The result an import job stores (dry run or commit), as every import kind returns it. */
export type ImportResult = {
  kind: string;
  dryRun: boolean;
  committed: boolean;
  sheet?: string;
  counts: { rows: number; insert: number; update: number; unchanged: number };
  issues: ImportIssue[];
  notices?: Array<{ count?: number }>;
};

export const templateUrl = (kind: ImportKind) => `/api/imports/${kind}/template`;
export const errorWorkbookUrl = (jobId: string) => `/api/imports/${jobId}/errors.xlsx`;

/** `POST /api/imports/<kind>?dryRun=` with the file as multipart part `file` → the job (202). */
export async function startImport(kind: ImportKind, file: File, dryRun: boolean): Promise<Job> {
  const form = new FormData();
  form.append('file', file, file.name);
  const token = readCookie(csrfCookie);
  let response: Response;
  try {
    response = await fetch(`/api/imports/${kind}?dryRun=${dryRun}`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: token ? { [csrfHeader]: token, accept: 'application/json' } : { accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器 / cannot reach the server');
  }
  const body = (await response.json().catch(() => undefined)) as
    | Job
    | { error?: { code: ApiErrorCode; message: string; details?: Record<string, unknown> } }
    | undefined;
  if (!response.ok) {
    const error = (body && 'error' in body ? body.error : undefined) as
      | { code?: ApiErrorCode; message?: string; details?: Record<string, unknown> }
      | undefined;
    throw new ApiError(
      response.status,
      error?.code ?? ((response.status === 404 ? 'not_found' : 'internal') as ApiErrorCode),
      error?.message ?? `HTTP ${response.status}`,
      error?.details ?? undefined,
    );
  }
  return body as Job;
}

/** Polls `GET /api/jobs/:id` until the job finishes, reporting each state. */
export async function followJob(
  id: string,
  onUpdate: (job: Job) => void,
  options: { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<Job> {
  for (;;) {
    const job = await apiRequest<Job>(`/api/jobs/${id}`, { signal: options.signal });
    onUpdate(job);
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') return job;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 400));
  }
}
