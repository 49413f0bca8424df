import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEndpointLanes, type EndpointLanes } from '../../../src/server/channels/lanes.js';
import { LANE_POLICIES } from '../../../src/server/channels/lane-policy.js';
import { createTeamChannel, sendTeamChannelTest } from '../../../src/server/use-cases/team-channels.js';
import { setComponentStatus } from '../../../src/server/use-cases/components.js';
import { createIncident } from '../../../src/server/use-cases/incidents.js';
import { watchTeamEvents } from '../../../src/server/team-channels/watch.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, MINUTE, page } from '../../helpers/fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const BASE = 'https://status.example.com';
const owner = { id: null, label: 'owner' };
let t: TempDatabase;
let receiver: WebhookReceiver;
let lanes: EndpointLanes | null = null;

beforeEach(async () => {
  t = tempDatabase();
  page(t.db, 'Acme', 'UTC', Date.now());
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await lanes?.stop();
  lanes = null;
  await receiver.close();
  t.dispose();
});

function start(): void {
  lanes = startEndpointLanes({ db: t.db, baseUrl: () => BASE, allowPrivate: true, idleMs: 10, log: () => {}, policies: { slack: LANE_POLICIES.slack }, random: () => 0.5 });
}

const bodies = (): Record<string, unknown>[] => receiver.requests.map((r) => r.json as Record<string, unknown>);

describe('team channels through the lanes to a real receiver', () => {
  it('the test message, an update, a status change and an overdue update reach a Slack room as Block Kit', async () => {
    const { id } = createTeamChannel(
      t.db,
      { name: 'Room', kind: 'slack', url: `${receiver.url}/slack`, events: ['update_published', 'component_status_changed', 'update_overdue'] },
      true,
      owner,
      Date.now(),
    );
    start();
    sendTeamChannelTest(t.db, id, owner, Date.now());
    await receiver.waitFor(1);
    expect(String(bodies()[0]!.text)).toMatch(/^Test message from Acme/);

    // Half an hour ago, so the overdue check (run now) finds it overdue and its message is due now.
    const at = Date.now() - 31 * MINUTE;
    const api = component(t.db, 'api', 'API', at - MINUTE);
    createIncident(t.db, { title: 'API errors', severity: 'SEV1', impactOverride: null, status: 'investigating', message: 'Looking.', notify: false, changes: [{ componentId: api, status: 'major_outage' }] }, owner, 'UTC', at);
    setComponentStatus(t.db, api, 'partial_outage', owner, at + 1);
    watchTeamEvents(t.db, Date.now());
    await receiver.waitFor(5);
    const texts = bodies().map((b) => String(b.text).split('\n')[0]);
    expect(texts).toEqual(
      expect.arrayContaining(['Investigating · API errors', 'API: Operational → Major outage', 'API: Major outage → Partial outage', expect.stringMatching(/^Update overdue by (less than a minute|1 min): API errors$/)]),
    );
    for (const b of bodies()) expect(Array.isArray(b.blocks)).toBe(true);
    // The stored admin path became an absolute link on the public address.
    expect(JSON.stringify(bodies()[1])).toContain(`${BASE}/admin/incidents/`);
    expect(receiver.requests.every((r) => r.path === '/slack' && r.headers['webhook-signature'] === undefined)).toBe(true);
  });
});
