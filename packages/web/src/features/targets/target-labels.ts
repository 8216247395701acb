import type { ProgressStatus } from '@qunce/core/targets';

/** One distinct tag colour per progress status class. */
export const progressStatusColours: Record<ProgressStatus, string> = {
  achieved: 'green',
  on_track: 'cyan',
  needs_acceleration: 'gold',
  limited_progress: 'orange',
  deteriorating: 'red',
  not_achieved: 'magenta',
  no_data: 'default',
};

export const progressStatusKey = (status: ProgressStatus) => `targets.status.${status}` as const;

/** A number as people read it: up to four significant decimals, no trailing zeros. */
export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}
