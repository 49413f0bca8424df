import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { readConfig } from '../../../src/server/config.js';
import { startDeliveryThread, type DeliveryThread } from '../../../src/server/outbox/delivery-thread.js';
import { postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, MINUTE, page } from '../../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { subscriber } from '../../helpers/subscribers.js';

let t: TempDatabase;
let sink: SmtpSink;
let thread: DeliveryThread | null = null;

beforeEach(async () => {
  t = tempDatabase();
  sink = await startSmtpSink();
});
afterEach(async () => {
  await thread?.stop();
  thread = null;
  await sink.close();
  t.dispose();
});

describe('startDeliveryThread', () => {
  it('sends from its own thread and connection, wakes on notify, and stops after recording every mail', async () => {
    const now = Date.now();
    page(t.db, 'Acme', 'UTC', now - 60 * MINUTE);
    const api = component(t.db, 'api', 'API', now - 60 * MINUTE);
    const inc = incident(t.db, {
      title: 'Slow API',
      startedAt: now - 10 * MINUTE,
      componentIds: [api],
      steps: [{ at: now - 10 * MINUTE, status: 'investigating', body: 'Looking.', set: { [api]: 'degraded_performance' } }],
    });
    for (let i = 0; i < 12; i++) subscriber(t.db, `reader${i}@example.com`, 'active', now - MINUTE);
    const lines: string[] = [];
    const config = readConfig({ DATABASE_PATH: t.path, SMTP_URL: sink.url, MAIL_POOL_SIZE: '3', PUBLIC_URL: 'https://status.acme.example' });
    // An idle pause far longer than the test: only a notify can make it look again.
    thread = startDeliveryThread({ config, idleMs: 600_000, log: (l) => lines.push(l) });
    await new Promise((r) => setTimeout(r, 500));
    postIncidentUpdate(t.db, inc.id, { status: 'identified', message: 'Found it.', notify: true, changes: [] }, SYSTEM, Date.now());
    thread.notify();
    await sink.waitFor(12, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; thread said: ${lines.join(' | ')}`);
    });
    const stats = await thread.stop();
    thread = null;
    expect(stats).toMatchObject({ sent: 12, retried: 0, failed: 0 });
    expect(new Set(sink.messages.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address)).size).toBe(12);
    expect(t.db.select().from(deliveries).where(eq(deliveries.state, 'sent')).all()).toHaveLength(12);
    expect(lines.filter((l) => !l.startsWith('outbox: delivery'))).toEqual([]);
  });
});
