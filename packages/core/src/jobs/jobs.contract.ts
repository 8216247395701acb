import { z } from 'zod';

/**
 * Background jobs (imports, evaluations, reports): the shape the API returns and the server-sent
 * events carry. docs/briefs/jobs-contract.md describes the runner.
 */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export function isJobFinished(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

export const jobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type JobError = z.infer<typeof jobErrorSchema>;

export const jobSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(jobStatuses),
  /** 0..1 */
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  /** Named counts the handler reports, e.g. { rows: 1200, errors: 3 }. */
  counters: z.record(z.string(), z.number()),
  ownerId: z.string().nullable(),
  cancelRequested: z.boolean(),
  input: z.unknown(),
  result: z.unknown(),
  error: jobErrorSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobListSchema = z.object({ jobs: z.array(jobSchema) });
