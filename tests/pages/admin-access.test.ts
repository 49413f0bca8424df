import * as OTPAuth from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { readAccessSettings } from '../../src/server/auth/access-settings.js';
import { hashPassword } from '../../src/server/auth/password.js';
import { NO_PASSWORD } from '../../src/server/auth/no-password.js';
import { PENDING_COOKIE } from '../../src/server/auth/pending-sign-in.js';
import { inputValue, signIn, textareaValue, unescapeHtml, withDb } from '../helpers/admin-pages.js';
import { DAY, page } from '../helpers/fixtures.js';
import { send, type Reply } from '../helpers/http.js';
import { PEOPLE, preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();
const READER = { email: 'rita@example.com', password: 'reader passphrase 5' };
const STEP = 30_000;

/** The independent implementation (otpauth): what an authenticator app shows at `at`. */
const appCode = (key: string, at: number): string =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });

/** Keeps a code's 30-second step from ending between the test making it and the server checking it. */
async function awayFromStepEdge(): Promise<void> {
  const into = Date.now() % STEP;
  if (into > STEP - 4_000) await new Promise((r) => setTimeout(r, STEP - into + 200));
}

/** One person per role (the reader too) and one account made by single sign-on, so password sign-in may be turned off. */
const fixture = serveFixture(
  async (path, now) => {
    const h = openDatabase(path);
    page(h.db, 'Access Test', 'UTC', now - DAY);
    const ids = insertPeople(h.db, now, ['owner', 'editor', 'viewer']);
    h.db.insert(users).values([
      { id: 'usr_reader', email: READER.email, name: 'Rita Reader', role: 'reader', passwordHash: await hashPassword(READER.password), createdAt: now, updatedAt: now },
      { id: 'usr_sso', email: 'sam@example.com', name: 'Sam SSO', role: 'viewer', passwordHash: NO_PASSWORD, oidcSubject: 'sam-sub', createdAt: now, updatedAt: now },
    ]).run();
    h.close();
    return { path, ownerId: ids.owner };
  },
  { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'beacon', OIDC_CLIENT_SECRET: 'not used here', OIDC_DISPLAY_NAME: 'Example SSO' },
);
const url = (): string => fixture.server().url;
const settings = () => withDb(fixture.data().path, (db) => readAccessSettings(db, Date.now()));

/** The whole access form (it replaces every choice at once); a checkbox left out is off. */
const accessForm = (over: Record<string, string> = {}): Record<string, string> => ({
  role_map: 'beacon-staff = reader\nbeacon-ops = editor',
  password_sign_in: 'on',
  break_glass: '',
  owners_need_totp: '',
  visibility: 'public',
  ...over,
});

const pendingCookieOf = (r: Reply): string | undefined =>
  r.headers.getSetCookie().find((c) => c.startsWith(`${PENDING_COOKIE}=`))?.split(';')[0];

describe('the access settings, two-factor sign-in and password sign-in turned off, over HTTP', () => {
  const tokens = {} as Record<Person | 'reader', string>;
  let totpKey = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    for (const who of ['owner', 'editor', 'viewer'] as const) tokens[who] = await signIn(url(), who);
    const r = await send(url(), '/admin/login', { form: { email: READER.email, password: READER.password, next: '/admin' } });
    tokens.reader = r.token!;
  });

  it('shows /admin/access to owners only', async () => {
    const owner = await send(url(), '/admin/access', { cookie: tokens.owner });
    expect(owner.status).toBe(200);
    expect(owner.html).toContain('Provider: http://127.0.0.1:9/');
    for (const who of ['editor', 'viewer', 'reader'] as const) {
      expect((await send(url(), '/admin/access', { cookie: tokens[who] })).status, who).toBe(403);
      expect((await send(url(), '/admin/access', { cookie: tokens[who], form: accessForm({ visibility: 'private' }) })).status, who).toBe(403);
    }
    expect(settings().visibility).toBe('public');
  });

  it('saves a group mapping that gives the reader role, and refuses a malformed line naming it', async () => {
    const saved = await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm() });
    expect([saved.status, saved.location]).toEqual([303, '/admin/access?saved=1']);
    expect(settings().roleMap).toEqual([{ group: 'beacon-staff', role: 'reader' }, { group: 'beacon-ops', role: 'editor' }]);
    expect(textareaValue((await send(url(), '/admin/access', { cookie: tokens.owner })).html, 'role_map')).toBe('beacon-staff = reader\nbeacon-ops = editor');

    const bad = await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm({ role_map: 'beacon-ops = editor\nbeacon-staff = superuser' }) });
    expect(bad.status).toBe(400);
    expect(unescapeHtml(bad.html)).toContain('Group mapping: Line 2 should read “group = role”, the role one of owner, editor, viewer, reader.');
    expect(settings().roleMap).toHaveLength(2);
  });

  it('makes the page private for everyone not signed in, readers included in those who see it, and public again', async () => {
    expect((await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm({ visibility: 'private' }) })).status).toBe(303);
    const anonymous = await send(url(), '/');
    expect([anonymous.status, anonymous.location]).toEqual([303, '/admin/login']);
    const reader = await send(url(), '/', { cookie: tokens.reader });
    expect(reader.status).toBe(200);
    expect(reader.html).toContain('Access Test');
    expect((await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm() })).status).toBe(303);
    expect((await send(url(), '/')).status).toBe(200);
  });

  it('sends an owner without a second factor to set one up once owners must, with a QR code and an independent code', async () => {
    expect((await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm({ owners_need_totp: 'on' }) })).status).toBe(303);
    expect(settings().ownersNeedTotp).toBe(true);
    const sent = await send(url(), '/admin', { cookie: tokens.owner });
    expect([sent.status, sent.location]).toEqual([303, '/admin/account/two-factor?required=1']);
    expect((await send(url(), '/admin/settings', { cookie: tokens.owner })).location).toBe('/admin/account/two-factor?required=1');
    // Only owners must: an editor goes on as before.
    expect((await send(url(), '/admin', { cookie: tokens.editor })).status).toBe(200);

    const setup = await send(url(), '/admin/account/two-factor?required=1', { cookie: tokens.owner });
    expect(setup.status).toBe(200);
    expect(setup.html).toContain('The owners of this page require two-factor sign-in for owners. Set it up to continue.');
    expect(setup.html).toMatch(/<div class="qr"[^>]*><svg/);
    totpKey = inputValue(setup.html, 'key')!;
    expect(totpKey).toMatch(/^[A-Z2-7]{32}$/);

    const wrong = await send(url(), '/admin/account/two-factor', { cookie: tokens.owner, form: { action: 'enable', key: totpKey, code: appCode(totpKey, Date.now() - 10 * STEP) } });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('That code is not right.');
    // The same key is offered again, so the app already scanned still works.
    expect(inputValue(wrong.html, 'key')).toBe(totpKey);

    await awayFromStepEdge();
    // The previous step's code (allowed for clock drift), so the current one stays unused for the sign-in below.
    const on = await send(url(), '/admin/account/two-factor', { cookie: tokens.owner, form: { action: 'enable', key: totpKey, code: appCode(totpKey, Date.now() - STEP) } });
    expect(on.status).toBe(200);
    recoveryCodes = [...on.html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recoveryCodes).toHaveLength(10);
    expect((await send(url(), '/admin', { cookie: tokens.owner })).status).toBe(200);
  });

  it('asks for the code at /admin/login/code after the password, and signs in with the app’s code or a recovery code once', async () => {
    expect((await send(url(), '/admin/login/code')).location).toBe('/admin/login');
    const login = (): Promise<Reply> => send(url(), '/admin/login', { form: { email: PEOPLE.owner.email, password: PEOPLE.owner.password, next: '/admin/settings' } });
    const first = await login();
    expect([first.status, first.location, first.token]).toEqual([303, '/admin/login/code', undefined]);
    const pending = pendingCookieOf(first)!;
    expect(pending).toBeTruthy();
    const form = await send(url(), '/admin/login/code', { headers: { cookie: pending } });
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="code"');

    const wrong = await send(url(), '/admin/login/code', { headers: { cookie: pending }, form: { code: appCode(totpKey, Date.now() - 10 * STEP) } });
    expect([wrong.status, wrong.token]).toEqual([401, undefined]);
    expect(wrong.html).toContain('That code is not right. Use the current code from your authenticator app, or a recovery code.');
    await awayFromStepEdge();
    const right = await send(url(), '/admin/login/code', { headers: { cookie: pending }, form: { code: appCode(totpKey, Date.now()) } });
    expect([right.status, right.location]).toEqual([303, '/admin/settings']);
    expect((await send(url(), '/admin/settings', { cookie: right.token! })).status).toBe(200);
    // The pending sign-in is spent: the same cookie cannot be used for a second session.
    expect((await send(url(), '/admin/login/code', { headers: { cookie: pending } })).location).toBe('/admin/login');

    const viaRecovery = pendingCookieOf(await login())!;
    const recovered = await send(url(), '/admin/login/code', { headers: { cookie: viaRecovery }, form: { code: recoveryCodes[0]! } });
    expect(recovered.status).toBe(303);
    expect(recovered.token).toBeTruthy();
    const again = await send(url(), '/admin/login/code', { headers: { cookie: pendingCookieOf(await login())! }, form: { code: recoveryCodes[0]! } });
    expect([again.status, again.token]).toEqual([401, undefined]);
  });

  it('turns password sign-in off only with a break-glass owner, then refuses passwords with a sentence except that owner’s', async () => {
    const noOwner = await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm({ password_sign_in: '', owners_need_totp: 'on' }) });
    expect(noOwner.status).toBe(409);
    expect(noOwner.html).toContain('Choose a break-glass owner who keeps a password');
    expect(settings().passwordSignIn).toBe(true);

    const off = await send(url(), '/admin/access', { cookie: tokens.owner, form: accessForm({ password_sign_in: '', owners_need_totp: 'on', break_glass: fixture.data().ownerId }) });
    expect(off.status).toBe(303);
    expect(settings()).toMatchObject({ passwordSignIn: false, breakGlassUserId: fixture.data().ownerId });

    const loginPage = await send(url(), '/admin/login');
    expect(loginPage.html).toContain('Sign in with Example SSO');
    expect(loginPage.html).toContain('Break-glass sign-in with a password');
    for (const [email, password] of [[PEOPLE.editor.email, PEOPLE.editor.password], [READER.email, READER.password]] as const) {
      const refused = await send(url(), '/admin/login', { form: { email, password } });
      expect([refused.status, refused.token], email).toEqual([403, undefined]);
      expect(refused.html, email).toContain('Password sign-in is turned off here; use single sign-on.');
    }
    // The break-glass owner still signs in by password (then the second factor).
    const owner = await send(url(), '/admin/login', { form: { email: PEOPLE.owner.email, password: PEOPLE.owner.password } });
    expect([owner.status, owner.location]).toEqual([303, '/admin/login/code']);
  });
});
