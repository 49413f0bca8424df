import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.js';
import { componentStatusChanges, deliveries, eventUpdates, subscribers } from '../../../db/schema.js';
import { newPublicId } from '../../../src/server/ids.js';
import { listComponents } from '../../../src/server/read/components.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** 1,000 in `npm test`; the longer fault suite (`npm run test:faults`) sets 5,000. */
const SUBSCRIBERS = Number(process.env.FAULT_SUBSCRIBERS) || 1_000;
const POOL = 8;

let t: TempDatabase;
let sink: SmtpSink | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await sink?.close();
  sink = null;
  t.dispose();
});

function fixture(): { eventId: string; api: string } {
  t = tempDatabase();
  const now = Date.now();
  page(t.db, 'Acme', 'UTC', now);
  const api = component(t.db, 'api', 'API', now - 3_600_000);
  const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ id: newPublicId(), email: `s${i}@example.com`, state: 'active' as const, allComponents: true, createdAt: now, updatedAt: now }));
  for (let i = 0; i < rows.length; i += 500) t.db.insert(subscribers).values(rows.slice(i, i + 500)).run();
  // The first update went out without notifying, so only the one under test owes mail.
  const created = incident(t.db, { title: 'Outage', startedAt: now - 60_000, componentIds: [api], steps: [{ at: now - 60_000, status: 'investigating', body: 'Looking.' }] });
  t.db.delete(deliveries).run();
  return { eventId: created.id, api };
}

/** Runs the publishing child until it reports `point`, then SIGKILLs it. */
function publishAndKill(eventId: string, api: string, point: 'inside' | 'after'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/publish-child.ts', t.path, eventId, api], { cwd: ROOT, env: { ...process.env, CRASH_AT: point } });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(point)) child.kill('SIGKILL');
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed:\n${out}`))));
  });
}

function startDeliverer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/deliver.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: t.path, SMTP_URL: sink!.url, MAIL_POOL_SIZE: String(POOL), OUTBOX_LEASE_MS: '2000', PUBLIC_URL: 'https://status.acme.example' },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

async function until(check: () => boolean, what: string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const n = (table: typeof deliveries | typeof eventUpdates | typeof componentStatusChanges): number => t.db.select({ n: count() }).from(table).get()!.n;
const sentCount = (): number => t.db.select({ n: count() }).from(deliveries).where(eq(deliveries.state, 'sent')).get()!.n;

describe(`a crash while publishing to ${SUBSCRIBERS} subscribers`, () => {
  it('killed inside the transaction: after restart the update is not there at all', async () => {
    const { eventId, api } = fixture();
    const before = { updates: n(eventUpdates), history: n(componentStatusChanges) };
    await publishAndKill(eventId, api, 'inside');
    // "Restart": a fresh connection sees the file as the next process would.
    const fresh = openDatabase(t.path);
    try {
      expect(fresh.db.select({ n: count() }).from(eventUpdates).get()!.n).toBe(before.updates);
      expect(fresh.db.select({ n: count() }).from(componentStatusChanges).get()!.n).toBe(before.history);
      expect(fresh.db.select({ n: count() }).from(deliveries).get()!.n).toBe(0);
      expect(listComponents(fresh.db).find((c) => c.id === api)?.latestStatus).toBe('operational');
    } finally {
      fresh.close();
    }
  }, 60_000);

  it('killed after the commit: the update, its component change and every delivery are there, and all are sent', async () => {
    const { eventId, api } = fixture();
    await publishAndKill(eventId, api, 'after');
    expect(n(deliveries)).toBe(SUBSCRIBERS);
    expect(listComponents(t.db).find((c) => c.id === api)?.latestStatus).toBe('major_outage');
    sink = await startSmtpSink({}, 0, { parse: false });
    startDeliverer();
    await until(() => sentCount() === SUBSCRIBERS, 'every delivery to be sent');
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(SUBSCRIBERS);
    expect(sink.received).toHaveLength(SUBSCRIBERS);
  }, 180_000);

  it('killed mid fan-out: after restart every subscriber has it, duplicates within the pool size', async () => {
    const { eventId, api } = fixture();
    await publishAndKill(eventId, api, 'after');
    sink = await startSmtpSink({ delayMs: 5 }, 0, { parse: false });
    const first = startDeliverer();
    await until(() => sink!.received.length >= SUBSCRIBERS / 3, 'a third of the fan-out');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(sink.received.length).toBeLessThan(SUBSCRIBERS);
    startDeliverer();
    await until(() => sentCount() === SUBSCRIBERS, 'every delivery to be sent');
    const received = sink.received.map((m) => m.to);
    expect(new Set(received).size).toBe(SUBSCRIBERS);
    expect(received.length - SUBSCRIBERS).toBeLessThanOrEqual(POOL);
    // A mail sent twice carries the same Message-ID both times, so a reader's client folds them.
    const ids = new Map<string, Set<string | null>>();
    for (const r of sink.received) ids.set(r.to, (ids.get(r.to) ?? new Set()).add(r.messageId));
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
  }, 180_000);
});
