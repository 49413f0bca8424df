import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerPublishMetrics } from '../../../src/server/metrics/publish-metrics.js';
import { initialStatus, writePublishStatus } from '../../../src/server/publish/status.js';
import { promtoolAvailable, promtoolPath } from '../../helpers/promtool.js';

async function exposition(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-publish-metrics-'));
  try {
    const file = join(dir, 'publish-status.json');
    writePublishStatus(file, { ...initialStatus('s3://b/p'), lastSuccessAt: 1_000_000, pendingSince: 1_010_000, failures: 3, consecutiveFailures: 2, lastErrorAt: 1_015_000 });
    const registry = new Registry();
    registerPublishMetrics(registry, file, () => 1_020_000);
    return await registry.metrics();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('publish metrics', () => {
  it('read the status file at each scrape', async () => {
    const text = await exposition();
    expect(text).toMatch(/^beacon_publish_last_success_age_seconds 20$/m);
    expect(text).toMatch(/^beacon_publish_pending_seconds 10$/m);
    expect(text).toMatch(/^beacon_publish_failures_total 3$/m);
    expect(text).toMatch(/^beacon_publish_consecutive_failures 2$/m);
  });

  it.runIf(promtoolAvailable())('pass `promtool check metrics`', async () => {
    const run = spawnSync(promtoolPath!, ['check', 'metrics'], { input: await exposition(), encoding: 'utf8', timeout: 30_000 });
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
    expect(run.status).toBe(0);
  });
});
