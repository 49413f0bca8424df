import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/server/audit.js';
import { claimDue } from '../../../src/server/outbox/claim.js';
import { createComposer } from '../../../src/server/outbox/compose.js';
import type { OutgoingMail } from '../../../src/server/outbox/mailer.js';
import { linkKey } from '../../../src/server/subscribers/access.js';
import { verifyLinkToken } from '../../../src/server/subscribers/links.js';
import { postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { editIncidentUpdate } from '../../../src/server/use-cases/update-edits.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, MINUTE, page } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';

const BASE = 'https://status.acme.example';
const NOW = Date.UTC(2026, 10, 23, 9, 0);
const LINK = new RegExp(`${BASE}/(subscriptions|unsubscribe)/([0-9a-z]{12}\\.[a-z2-7]{32})`, 'g');

let t: TempDatabase;
let api: string;
let incidentId: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'UTC', NOW - 60 * MINUTE);
  api = component(t.db, 'api', 'API', NOW - 60 * MINUTE);
  incidentId = incident(t.db, {
    title: 'Slow API',
    startedAt: NOW - 10 * MINUTE,
    componentIds: [api],
    steps: [{ at: NOW - 10 * MINUTE, status: 'investigating', body: 'Looking.', set: { [api]: 'degraded_performance' } }],
  }).id;
});
afterEach(() => t.dispose());

/** Every link in a mail part: [purpose path, token]. */
const links = (s: string): [string, string][] => [...s.matchAll(LINK)].map((m) => [m[1]!, m[2]!]);

function composeAll(at: number): Map<string, OutgoingMail> {
  const compose = createComposer(t.db, () => BASE);
  const out = new Map<string, OutgoingMail>();
  for (const row of claimDue(t.db, 'email', at, 100, MINUTE)) {
    const composed = compose(row, at);
    if ('skip' in composed) throw new Error(composed.skip);
    out.set(row.subscriberId!, composed.mail);
  }
  return out;
}

describe('createComposer', () => {
  it('gives each subscriber of one fan-out their own manage and unsubscribe links, in both parts and the header, and nothing else differs', () => {
    const ann = subscriber(t.db, 'ann@example.com', 'active', NOW - MINUTE);
    const bob = subscriber(t.db, 'bob@example.com', 'active', NOW - MINUTE, { linkGeneration: 4 });
    postIncidentUpdate(t.db, incidentId, { status: 'identified', message: 'Found **it**.', notify: true, changes: [] }, SYSTEM, NOW);
    const mails = composeAll(NOW);
    const key = linkKey(t.db, NOW);
    for (const [id, generation] of [[ann, 0], [bob, 4]] as const) {
      const mail = mails.get(id)!;
      for (const part of [mail.text, mail.html]) {
        const found = links(part);
        expect(found.map(([purpose]) => purpose).sort()).toEqual(['subscriptions', 'unsubscribe']);
        for (const [purpose, token] of found) {
          expect(verifyLinkToken(key, purpose === 'subscriptions' ? 'manage' : 'unsubscribe', token, id, generation)).toBe(true);
        }
      }
      const unsubscribe = links(mail.text).find(([purpose]) => purpose === 'unsubscribe')![1];
      expect(mail.headers['List-Unsubscribe']).toBe(`<${BASE}/unsubscribe/${unsubscribe}>`);
    }
    const [a, b] = [mails.get(ann)!, mails.get(bob)!];
    const neutral = (s: string): string => s.replace(LINK, '<link>');
    expect(a.subject).toBe(b.subject);
    expect(neutral(a.text)).toBe(neutral(b.text));
    expect(neutral(a.html)).toBe(neutral(b.html));
    expect(a.text).toContain('Found **it**.');
    expect(a.html).toContain('<strong>it</strong>');
  });

  it('renders a corrected update for the rest of the list once its cache lapses', () => {
    subscriber(t.db, 'ann@example.com', 'active', NOW - MINUTE);
    subscriber(t.db, 'ben@example.com', 'active', NOW - MINUTE);
    const update = postIncidentUpdate(t.db, incidentId, { status: 'identified', message: 'Typo in teh text.', notify: true, changes: [] }, SYSTEM, NOW);
    const compose = createComposer(t.db, () => BASE);
    const [first, second] = claimDue(t.db, 'email', NOW, 100, 10 * MINUTE);
    const before = compose(first!, NOW);
    editIncidentUpdate(t.db, { updateId: update.id, body: 'Typo in the text.', displayAt: NOW }, SYSTEM, 'UTC', NOW + 1_000);
    const after = compose(second!, NOW + 60_000);
    expect('mail' in before && before.mail.text).toContain('teh text');
    expect('mail' in after && after.mail.text).toContain('the text');
    expect(second!.subscriberId).not.toBe(first!.subscriberId);
  });
});
