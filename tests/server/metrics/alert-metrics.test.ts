import { Worker } from 'node:worker_threads';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { alertCounts, countAlertReceipts, registerAlertMetrics } from '../../../src/server/metrics/alert-metrics.js';

const receipt = (outcome: 'fired' | 'resolved' | 'duplicate'): { key: string; outcome: typeof outcome; alertId: string; proposalId: null } => ({ key: 'k', outcome, alertId: 'a', proposalId: null });

describe('beacon_alerts_received_total', () => {
  it('counts by source and outcome, whichever thread received the alert', async () => {
    const registry = new Registry();
    registerAlertMetrics(registry);
    countAlertReceipts('generic', [receipt('fired'), receipt('duplicate')]);
    // A heartbeat fired by the background job on another thread counts into the same memory.
    const counts = alertCounts();
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads'); Atomics.add(workerData, ${3 * 5 + 0}, 1n);`,
      { eval: true, workerData: counts },
    );
    await new Promise((resolve) => worker.once('exit', resolve));
    const text = await registry.metrics();
    expect(text).toMatch(/^beacon_alerts_received_total\{source="generic",outcome="fired"\} 1$/m);
    expect(text).toMatch(/^beacon_alerts_received_total\{source="generic",outcome="duplicate"\} 1$/m);
    expect(text).toMatch(/^beacon_alerts_received_total\{source="heartbeat",outcome="fired"\} 1$/m);
    expect(text).not.toMatch(/outcome="stale"/);
  });
});
