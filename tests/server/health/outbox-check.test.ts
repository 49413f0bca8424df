import { describe, expect, it } from 'vitest';
import { outboxCheck, outboxVerdict, OUTBOX_STALE_MS } from '../../../src/server/health/outbox-check.js';
import { tempDatabase } from '../../helpers/db.js';
import { component, incident } from '../../helpers/fixtures.js';
import { subscribers } from '../../../db/schema.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0);

describe('outboxVerdict', () => {
  it('is healthy with nothing pending', () => {
    expect(outboxVerdict(0, 0, null, true, NOW)).toEqual({ ok: true, detail: '0 pending, 0 failed.' });
  });

  it('is healthy while mail has waited less than the limit, and says how long', () => {
    expect(outboxVerdict(12, 1, NOW - 5 * 60_000, true, NOW)).toEqual({ ok: true, detail: '12 pending (oldest 5 min), 1 failed.' });
    expect(outboxVerdict(1, 0, NOW - OUTBOX_STALE_MS, true, NOW).ok).toBe(true);
  });

  it('fails once mail has waited longer than the limit with SMTP configured', () => {
    const v = outboxVerdict(3, 0, NOW - OUTBOX_STALE_MS - 1, true, NOW);
    expect(v.ok).toBe(false);
    expect(v.detail).toMatch(/^Mail is not going out: 3 pending \(oldest 30 min\), 0 failed\. Check the SMTP relay/);
  });

  it('only reports waiting mail when mail is not configured: the page must stay in service', () => {
    const v = outboxVerdict(40, 0, NOW - 24 * 3_600_000, false, NOW);
    expect(v.ok).toBe(true);
    expect(v.detail).toContain('Mail is not configured (SMTP_URL); 40 pending');
  });
});

describe('outboxCheck', () => {
  it('reads the figures from the database', () => {
    const t = tempDatabase();
    try {
      const api = component(t.db, 'api', 'API', NOW - 3_600_000);
      t.db.insert(subscribers).values({ id: 'sub000000001', email: 'a@example.com', state: 'active', allComponents: true, createdAt: NOW, updatedAt: NOW }).run();
      incident(t.db, { title: 'Down', startedAt: NOW - 3_600_000, componentIds: [api], steps: [{ at: NOW - 3_600_000, status: 'investigating', body: 'x' }] });
      const check = outboxCheck(true, () => NOW);
      expect(check.name).toBe('outbox');
      expect(check.run(t)).toEqual({ ok: false, detail: 'Mail is not going out: 1 pending (oldest 1 h), 0 failed. Check the SMTP relay and the server log.' });
    } finally {
      t.dispose();
    }
  });
});
