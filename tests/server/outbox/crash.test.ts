import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveries, subscribers } from '../../../db/schema.js';
import { newPublicId } from '../../../src/server/ids.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SUBSCRIBERS = 400;
const POOL = 5;

let t: TempDatabase;
let sink: SmtpSink;
const children: ChildProcess[] = [];

/** `npm run deliver` as its own process: the worker alone, against the test's database and sink. */
function startDeliverer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/deliver.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: t.path, SMTP_URL: sink.url, MAIL_POOL_SIZE: String(POOL), OUTBOX_LEASE_MS: '2000', PUBLIC_URL: 'https://status.acme.example' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sink?.close();
  t?.dispose();
});

describe('a delivery process killed mid fan-out', () => {
  it('loses no mail after a restart, and re-sends no more than were in flight', async () => {
    t = tempDatabase();
    const now = Date.now();
    page(t.db, 'Acme', 'UTC', now);
    const api = component(t.db, 'api', 'API', now);
    t.db.insert(subscribers)
      .values(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ id: newPublicId(), email: `s${i}@example.com`, state: 'active' as const, allComponents: true, createdAt: now, updatedAt: now, confirmedAt: now })))
      .run();
    incident(t.db, { title: 'Outage', startedAt: now, componentIds: [api], steps: [{ at: now, status: 'investigating', body: 'Down.' }] });
    expect(t.db.select({ n: count() }).from(deliveries).get()!.n).toBe(SUBSCRIBERS);

    // A slow relay, so the kill lands with sends in flight.
    sink = await startSmtpSink({ delayMs: 15 });
    const first = startDeliverer();
    await until(() => sink.messages.length >= SUBSCRIBERS / 4, 'a quarter of the fan-out');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const beforeRestart = sink.messages.length;
    expect(beforeRestart).toBeLessThan(SUBSCRIBERS);

    startDeliverer();
    const sent = (): number => t.db.select({ n: count() }).from(deliveries).where(eq(deliveries.state, 'sent')).get()!.n;
    await until(() => sent() === SUBSCRIBERS, 'every delivery to be marked sent');

    const received = sink.messages.map((m) => (Array.isArray(m.to) ? m.to[0]! : m.to!).value[0]!.address!);
    const distinct = new Set(received);
    expect(distinct.size).toBe(SUBSCRIBERS);
    const duplicates = received.length - distinct.size;
    expect(duplicates).toBeLessThanOrEqual(POOL);
    // A re-sent mail carries the same Message-ID, so a reader's client can tell it is the same.
    const ids = new Map<string, Set<string>>();
    for (const m of sink.messages) {
      const address = (Array.isArray(m.to) ? m.to[0]! : m.to!).value[0]!.address!;
      ids.set(address, (ids.get(address) ?? new Set()).add(m.messageId!));
    }
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
  }, 120_000);
});
