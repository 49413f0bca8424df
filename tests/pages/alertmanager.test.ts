import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { alertProposals, deliveries } from '../../db/schema.js';
import { publishProposal } from '../../src/server/use-cases/proposals.js';
import { alertmanagerAvailable, startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component } from '../helpers/fixtures.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';

const run = alertmanagerAvailable();
let server: RunningServer;
let am: RunningAlertmanager;
let handle: DatabaseHandle;
let cleanup: () => void;
let componentId: string;

beforeAll(async () => {
  if (!run) return;
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  handle = openDatabase(db.path);
  const now = Date.now();
  componentId = component(handle.db, 'api', 'Public API', now - 3_600_000);
  subscriber(handle.db, 'reader@example.com', 'active', now - 3_600_000);
  const token = makeToken(handle.db, 'alerts', now, 'alertmanager').token;
  server = await startServer(db.path);
  am = await startAlertmanager(`${server.url}/api/v1/alerts/alertmanager`, token);
});

afterAll(async () => {
  await am?.stop();
  await server?.stop();
  handle?.close();
  cleanup?.();
});

/** Polls until `check` passes or `ms` elapse; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

const summaryStatus = async (): Promise<string> =>
  ((await (await fetch(`${server.url}/api/v2/summary.json`)).json()) as { components: { id: string; status: string }[] }).components.find((c) => c.id === componentId)!.status;

describe.runIf(run)('a real Alertmanager sending to Beacon', () => {
  const labels = { alertname: 'HighErrorRate', component: 'api', severity: 'critical' };
  const startsAt = new Date().toISOString();

  it('moves the component within seconds of its send, and puts a proposal on the dashboard', async () => {
    await am.post([{ labels, annotations: { summary: '5xx above 5 %' }, startsAt }]);
    await within(10_000, async () => (await summaryStatus()) === 'major_outage');
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toMatch(/Public API[\s\S]*Major outage/);
    const proposal = handle.db.select().from(alertProposals).get();
    expect(proposal).toMatchObject({ kind: 'incident', state: 'open', severity: 'SEV2' });
    expect(handle.db.select().from(deliveries).all()).toHaveLength(0);
  });

  it('notifies subscribers once when the proposal is published', async () => {
    const proposal = handle.db.select().from(alertProposals).get()!;
    publishProposal(handle.db, proposal.id, null, { id: null, label: 'comms lead' }, 'UTC', Date.now());
    expect(handle.db.select().from(deliveries).all()).toHaveLength(1);
  });

  it('restores the component when Alertmanager sends the resolution, and proposes a Monitoring update', async () => {
    await am.post([{ labels, annotations: { summary: '5xx above 5 %' }, startsAt, endsAt: new Date().toISOString() }]);
    await within(15_000, async () => (await summaryStatus()) === 'operational');
    const update = handle.db.select().from(alertProposals).all().find((p) => p.kind === 'update');
    expect(update).toMatchObject({ state: 'open', status: 'monitoring' });
    // Publishing the incident was the only notification: the resolution proposes, it does not send.
    expect(handle.db.select().from(deliveries).all()).toHaveLength(1);
    expect(am.output()).not.toMatch(/level=error.*beacon/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^beacon_alerts_received_total\{source="alertmanager",outcome="fired"\} 1$/m);
    expect(metrics).toMatch(/^beacon_alerts_received_total\{source="alertmanager",outcome="resolved"\} 1$/m);
  });
});
