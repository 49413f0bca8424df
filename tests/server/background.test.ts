import { afterEach, describe, expect, it } from 'vitest';
import { subscribers } from '../../db/schema.js';
import { startBackground, type Background } from '../../src/server/background.js';
import { readConfig } from '../../src/server/config.js';
import type { Mailer, OutgoingMail } from '../../src/server/outbox/mailer.js';
import { findEvent } from '../../src/server/read/events.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { component, HOUR, incident, maintenance, MINUTE, page } from '../helpers/fixtures.js';

let t: TempDatabase;
let running: Background | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
  t.dispose();
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('startBackground', () => {
  it('starts maintenance that fell due while the server was down, at once', async () => {
    t = tempDatabase();
    const now = Date.now();
    page(t.db, 'Acme', 'UTC', now);
    const db = component(t.db, 'db', 'Database', now - HOUR);
    const m = maintenance(t.db, { title: 'Upgrade', scheduledFor: now - 10 * MINUTE, scheduledUntil: now + HOUR, componentIds: [db], steps: [{ at: now - HOUR, status: 'scheduled', body: 'Planned.' }] });
    const lines: string[] = [];
    running = startBackground({ db: t.db, config: readConfig({}), log: (l) => lines.push(l) });
    await until(() => findEvent(t.db, m.id)?.latestUpdateStatus === 'in_progress', 'the maintenance to start');
    expect(lines).toContain(`maintenance ${m.id}: started on schedule`);
    // Without SMTP, mail waits and the log says so.
    expect(lines.some((l) => l.startsWith('mail: SMTP_URL is not set'))).toBe(true);
    expect(running.worker).toBeNull();
  });

  it('drains the outbox through the given mailer, and stops after the mail in flight', async () => {
    t = tempDatabase();
    const now = Date.now();
    page(t.db, 'Acme', 'UTC', now);
    const api = component(t.db, 'api', 'API', now - HOUR);
    t.db.insert(subscribers).values({ id: 'sub000000001', email: 'ann@example.com', state: 'active', allComponents: true, createdAt: now, updatedAt: now }).run();
    const sent: OutgoingMail[] = [];
    let release: (() => void) | null = null;
    const mailer: Mailer = {
      send: (mail) =>
        new Promise((resolve) => {
          release = () => {
            sent.push(mail);
            resolve({ ok: true });
          };
        }),
      close: () => {},
    };
    running = startBackground({ db: t.db, config: readConfig({ PUBLIC_URL: 'https://status.acme.example' }), mailer, idleMs: 10, log: () => {} });
    incident(t.db, { title: 'Down', startedAt: now, componentIds: [api], steps: [{ at: now, status: 'investigating', body: 'Looking.' }] });
    await until(() => release !== null, 'the send to start');
    const stopping = running.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false); // waits for the mail in flight
    release!();
    await stopping;
    running = null;
    expect(sent.map((m) => m.to)).toEqual(['ann@example.com']);
    expect(sent[0]!.text).toContain('https://status.acme.example/incidents/');
  });
});
