import type { Me } from '@qunce/core';
import type { TargetsResponse } from '@qunce/core/targets';
import { ApiError, type ApiErrorCode, csrfCookie, csrfHeader, readCookie } from '../../api/client.ts';

export type TargetRow = TargetsResponse['targets'][number];

/** Which target-set version the board shows: the address's `set` and `version`, or the server's default. */
export type SetChoice = { set: string | undefined; version: number | undefined };

/** A reported value of a target as `GET /api/targets/:code/values` gives it. */
export type ReportedValue = {
  period: string;
  date: string;
  value: number;
  note: string | null;
  attachmentIds: string[];
  departmentCode: string;
  reportedBy: string | null;
  reportedAt: string;
};

/** The query string of the set choice (empty keys left out). */
export function setQuery(choice: SetChoice, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (choice.set) params.set('set', choice.set);
  if (choice.set && choice.version !== undefined) params.set('version', String(choice.version));
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Whether the user's organisation is among a target's owners (lead or co-owner, by the policy's
 * name); the server checks the same and answers 403 otherwise.
 */
export function ownsTarget(user: Me | undefined, target: TargetRow): boolean {
  const organisation = user?.organisation?.name;
  return organisation !== undefined && target.owners.includes(organisation);
}

/** `POST /api/attachments` (multipart part `file`) → the stored attachment's id. */
export async function uploadAttachment(file: File): Promise<string> {
  const form = new FormData();
  form.append('file', file, file.name);
  const token = readCookie(csrfCookie);
  let response: Response;
  try {
    response = await fetch('/api/attachments', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: token ? { [csrfHeader]: token, accept: 'application/json' } : { accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器 / cannot reach the server');
  }
  const body = (await response.json().catch(() => undefined)) as
    | { id?: string; error?: { code?: ApiErrorCode; message?: string } }
    | undefined;
  if (!response.ok || !body?.id) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'internal',
      body?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return body.id;
}
