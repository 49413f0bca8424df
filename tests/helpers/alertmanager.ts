import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const BINARIES = ['prometheus-alertmanager', 'alertmanager'];

/** Debian's Alertmanager (or one on PATH), or null. */
export const alertmanagerPath: string | null =
  BINARIES.map((b) => spawnSync('sh', ['-c', `command -v ${b}`], { encoding: 'utf8' }).stdout.trim()).find((p) => p !== '') ?? null;

/**
 * Whether the Alertmanager tests run. Without it they skip with a loud notice, except when
 * REQUIRE_ALERTMANAGER=1 (CI), where a missing Alertmanager is a failure.
 */
export function alertmanagerAvailable(): boolean {
  if (alertmanagerPath) return true;
  if (process.env.REQUIRE_ALERTMANAGER === '1') {
    throw new Error('REQUIRE_ALERTMANAGER=1 but no Alertmanager found (apt-get install prometheus-alertmanager).');
  }
  console.warn('\n!!! ALERTMANAGER TESTS SKIPPED: no Alertmanager found (apt-get install prometheus-alertmanager) !!!\n');
  return false;
}

export interface RunningAlertmanager {
  readonly url: string;
  /** Posts alerts to its API (v2), as Prometheus would. */
  post(alerts: readonly Record<string, unknown>[]): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a real Alertmanager on loopback whose only receiver is a stock `webhook_configs` entry
 * pointing at `webhookUrl` with a Bearer token, grouping by alert name with short waits.
 */
export async function startAlertmanager(webhookUrl: string, token: string): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-am-'));
  const port = await freePort();
  const config = [
    'route:',
    '  receiver: beacon',
    "  group_by: ['alertname']",
    '  group_wait: 100ms',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: beacon',
    '    webhook_configs:',
    `      - url: ${webhookUrl}`,
    '        send_resolved: true',
    '        http_config:',
    '          authorization:',
    `            credentials: ${token}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const child: ChildProcess = spawn(
    alertmanagerPath!,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`alertmanager did not become ready within 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
