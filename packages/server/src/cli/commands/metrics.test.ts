import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricCatalogue } from '@qunce/core/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'qunce-metrics-cli-'));
const env = { QUNCE_DATA_DIR: dataDir };

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('qunce metrics recompute', () => {
  it('refuses a missing or malformed period and unknown flags with exit 2', async () => {
    expect((await runCli(['metrics', 'recompute'], { env })).code).toBe(2);
    expect((await runCli(['metrics', 'recompute', '--period', '2024-09'], { env })).code).toBe(2);
    expect((await runCli(['metrics', 'recompute', '--period', '2024', '--cluster', 'X'], { env })).code).toBe(
      2,
    );
    expect((await runCli(['metrics'], { env })).code).toBe(2);
  });

  it('seeds the catalogue and recomputes every derived metric reported yearly (none written: no clusters yet)', async () => {
    expect((await runCli(['db', 'migrate'], { env })).code).toBe(0);
    const yearly = metricCatalogue.filter((m) => m.derivation && m.periodKinds.includes('year')).length;
    const run = await runCli(['metrics', 'recompute', '--period', '2024'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `recomputed 2024: ${yearly} metrics × 0 clusters, 0 values written, 0 removed`,
    );
    const one = await runCli(['metrics', 'recompute', '--period', '2024Q3', '--metric', 'revenue'], { env });
    expect(one.stdout).toContain('recomputed 2024Q3: 1 metrics × 0 clusters');
  });
});
