import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { submitPasswordChange } from '../../../src/server/auth/account-form.js';
import { submitLogin } from '../../../src/server/auth/login-form.js';
import { issueSetupToken } from '../../../src/server/auth/setup.js';
import { submitSetup } from '../../../src/server/auth/setup-form.js';
import { createUser } from '../../../src/server/auth/users.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { describeBody, fuzzRuns, hostileBody, type FuzzBody } from '../../helpers/fuzz.js';

/**
 * The sign-in, password-change and first-run forms read the raw request themselves: fed hostile
 * bodies (random fields, invalid UTF-8, random bytes, JSON, broken multipart, no type) they never
 * throw, answer a form outcome with a message a person can read, and change no account.
 * Each attempt costs an Argon2 check, so fewer runs than the pure parsers get.
 */

const NOW = Date.UTC(2026, 4, 13, 12, 0);
const ANA = { email: 'ana@example.com', name: 'Ana', role: 'owner', password: 'correct horse battery' } as const;

const requestOf = (b: FuzzBody): Request =>
  new Request('http://127.0.0.1/admin/form', { method: 'POST', headers: b.contentType === null ? {} : { 'content-type': b.contentType }, body: b.body });

let t: TempDatabase;
let ana = '';
beforeAll(async () => {
  t = tempDatabase();
  ana = (await createUser(t.db, ANA, SYSTEM, NOW)).id;
});
afterAll(() => t.dispose());

const accounts = (): string => JSON.stringify(t.db.select().from(users).all());

describe('submitLogin under fuzzing', () => {
  it('never throws; refuses with 400/401/429 and a message, and signs in only the real credentials', async () => {
    const before = accounts();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileBody(['email', 'password', 'next'], [ANA.email, ANA.password, '/admin', '//evil.example', 'https://evil.example']), async (b) => {
        // A fresh address and hour per run: the rate limit answers 429 early otherwise, and the password check is what is fuzzed.
        run += 1;
        const outcome = await submitLogin(t.db, requestOf(b), `10.0.${run >> 8}.${run & 255}`, NOW + run * 3_600_000);
        if (outcome.kind === 'signed_in') {
          expect(outcome.next, describeBody(b)).toMatch(/^\/(?![/\\])/);
          return;
        }
        if (outcome.kind !== 'form') throw new Error('no account here has a second factor');
        expect([400, 401, 429], describeBody(b)).toContain(outcome.status);
        expect(outcome.message.trim()).not.toBe('');
        expect(outcome.email.length).toBeLessThanOrEqual(320);
      }),
      fuzzRuns(40),
    );
    expect(accounts()).toBe(before);
  });
});

describe('submitPasswordChange under fuzzing', () => {
  it('never throws; refuses with 400 and a message, and the password stays as it was', async () => {
    const before = accounts();
    const sessionsBefore = t.db.select().from(sessions).all().length;
    await fc.assert(
      fc.asyncProperty(hostileBody(['current', 'next', 'confirm'], [ANA.password, 'a brand new passphrase', 'short']), async (b) => {
        const outcome = await submitPasswordChange(t.db, ana, requestOf(b), NOW);
        // Random fields never give the current password and two equal valid new ones.
        expect(outcome.kind, describeBody(b)).toBe('form');
        if (outcome.kind === 'form') expect(outcome.message.trim()).not.toBe('');
      }),
      fuzzRuns(40),
    );
    expect(accounts()).toBe(before);
    expect(t.db.select().from(sessions).all().length).toBe(sessionsBefore);
  });
});

describe('submitSetup under fuzzing', () => {
  it('never throws; with an unknown link or bad fields refuses with 400 and creates no one', async () => {
    const setup = tempDatabase();
    try {
      const token = issueSetupToken(setup.db, NOW)!;
      await fc.assert(
        fc.asyncProperty(hostileBody(['name', 'email', 'password'], ['Ana', ANA.email, 'short', 'x'.repeat(257)]), fc.constantFrom(token, 'not-a-token', ''), async (b, link) => {
          const before = setup.db.select().from(users).all().length;
          const outcome = await submitSetup(setup.db, link, requestOf(b), NOW);
          const after = setup.db.select().from(users).all().length;
          if (outcome.kind === 'created') {
            expect([link, before, after]).toEqual([token, 0, 1]);
            return;
          }
          expect(after, describeBody(b)).toBe(before);
          expect(outcome.status, describeBody(b)).toBe(400);
          expect(outcome.message.trim()).not.toBe('');
          expect(outcome.name.length).toBeLessThanOrEqual(200);
          expect(outcome.email.length).toBeLessThanOrEqual(320);
        }),
        fuzzRuns(80),
      );
    } finally {
      setup.dispose();
    }
  });
});
