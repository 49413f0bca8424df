import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '../../db/client.js';
import { auditLog, users } from '../../db/schema.js';
import { SYSTEM } from '../../src/server/audit.js';
import { changeAccessSettings, readAccessSettings } from '../../src/server/auth/access-settings.js';
import { parseRoleMap } from '../../src/core/sso-roles.js';
import { browserAvailable, useChromium } from '../helpers/browser.js';
import { tempDatabasePath } from '../helpers/db.js';
import { freePort } from '../helpers/free-port.js';
import { CLIENT_ID, CLIENT_SECRET, startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { startServer, type RunningServer } from '../helpers/server.js';

const enabled = browserAvailable();

describe.runIf(enabled)('single sign-on through a real OpenID provider in Chromium', () => {
  let provider: TestProvider;
  let beacon: RunningServer;
  let dbFile: { path: string; cleanup: () => void };
  const chromium = useChromium();

  beforeAll(async () => {
    const port = await freePort();
    const beaconUrl = `http://127.0.0.1:${port}`;
    provider = await startTestProvider(`${beaconUrl}/admin/sso/callback`);
    provider.accounts.set('ed', { email: 'ed@example.com', name: 'Ed Editor', groups: ['staff', 'beacon-editors'] });
    provider.accounts.set('nora', { email: 'nora@example.com', name: 'Nora Nogroup', groups: ['marketing'] });
    provider.accounts.set('tess', { email: 'tess@example.com', name: 'Tess Tamper', groups: ['beacon-viewers'] });
    provider.accounts.set('rita', { email: 'rita@example.com', name: 'Rita Reader', groups: ['staff', 'beacon-readers'] });
    dbFile = tempDatabasePath();
    const h = openDatabase(dbFile.path);
    const map = parseRoleMap('beacon-owners = owner\nbeacon-editors = editor\nbeacon-viewers = viewer\nbeacon-readers = reader');
    if (!map.ok) throw new Error(map.message);
    changeAccessSettings(h.db, { ...readAccessSettings(h.db, Date.now()), roleMap: map.entries }, true, SYSTEM, Date.now());
    h.close();
    beacon = await startServer(dbFile.path, {
      PORT: String(port),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_DISPLAY_NAME: 'Test IdP',
      OIDC_SCOPES: 'openid email profile groups',
    });
  });
  afterAll(async () => {
    // What the server said about refused sign-ins, for whoever reads a failure.
    console.log((beacon?.output() ?? '').split('\n').filter((l) => l.includes('single sign-on')).join('\n'));
    await beacon?.stop();
    await provider?.close();
    dbFile?.cleanup();
  });

  async function freshContext(): Promise<BrowserContext> {
    const context = await chromium().newContext();
    // Nothing beyond this machine: the provider's development pages link a web font.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
    return context;
  }

  /** From Beacon's sign-in page through the provider's login form; resolves once back on Beacon. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.goto(`${beacon.url}/admin/login`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL((u) => u.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await Promise.all([page.waitForURL((u) => u.origin === beacon.url), page.getByRole('button', { name: 'Sign-in' }).click()]);
    await page.waitForLoadState();
  }

  const sessionOf = async (context: BrowserContext): Promise<string | undefined> =>
    (await context.cookies(beacon.url)).find((c) => c.name === 'beacon_session')?.value;

  function auditActions(email: string): string[] {
    const h = openDatabase(dbFile.path);
    try {
      const rows = h.db.select().from(auditLog).all();
      return rows.filter((r) => r.actorLabel === email).map((r) => `${r.action}${r.diff?.includes('"method":"sso"') ? ':sso' : ''}`);
    } finally {
      h.close();
    }
  }

  let editorContext: BrowserContext;

  it('signs a person in as an editor by their group, creating the account, and audits it', async () => {
    editorContext = await freshContext();
    const page = await editorContext.newPage();
    await signInAtProvider(page, 'ed');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await page.getByRole('navigation', { name: 'Admin' }).innerText()).toContain('Ed Editor (Editor)');
    expect(await sessionOf(editorContext)).toBeTruthy();
    // An editor may write incidents but not change settings.
    expect((await page.goto(`${beacon.url}/admin/incidents/new`))!.status()).toBe(200);
    expect((await page.goto(`${beacon.url}/admin/settings`))!.status()).toBe(403);
    expect(auditActions('ed@example.com')).toEqual(['user.created:sso', 'user.signed_in:sso']);
  });

  it('signs a reader in by their group onto the status page, and refuses them the admin area', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'rita');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await sessionOf(context)).toBeTruthy();
    const refused = (await page.goto(`${beacon.url}/admin`))!;
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('You are signed in as a reader');
    expect((await page.goto(`${beacon.url}/admin/account`))!.status()).toBe(200);
    expect(await page.getByRole('navigation', { name: 'Admin' }).innerText()).toContain('Rita Reader (Reader)');
    expect(auditActions('rita@example.com')).toEqual(['user.created:sso', 'user.signed_in:sso']);
    await context.close();
  });

  it('refuses someone with no mapped group: a page saying so, no account, no session', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'nora');
    expect(new URL(page.url()).pathname).toBe('/admin/sso/callback');
    expect((await page.locator('h1').innerText()).trim()).toBe('No access');
    expect(await page.locator('[role="alert"]').innerText()).toContain('none of your groups gives access');
    expect(await sessionOf(context)).toBeUndefined();
    const h = openDatabase(dbFile.path);
    expect(h.db.select().from(users).all().map((u) => u.email)).not.toContain('nora@example.com');
    h.close();
    expect(auditActions('nora@example.com')).toEqual(['user.sign_in_refused:sso']);
    await context.close();
  });

  it('applies a role changed at the provider at the next sign-in, and ends access and sessions when the group goes', async () => {
    provider.accounts.get('ed')!.groups = ['beacon-viewers'];
    const context = await freshContext();
    const page = await context.newPage();
    await signInAtProvider(page, 'ed');
    expect(await page.getByRole('navigation', { name: 'Admin' }).innerText()).toContain('Ed Editor (Viewer)');
    expect((await page.goto(`${beacon.url}/admin/incidents/new`))!.status()).toBe(403);
    // The session from the first test, made while an editor, ended with the role change.
    const old = await editorContext.newPage();
    await old.goto(`${beacon.url}/admin`);
    expect(new URL(old.url()).pathname).toBe('/admin/login');

    provider.accounts.get('ed')!.groups = ['staff'];
    const third = await freshContext();
    const refused = await third.newPage();
    await signInAtProvider(refused, 'ed');
    expect((await refused.locator('h1').innerText()).trim()).toBe('No access');
    // The viewer session still open in the other browser ended too.
    await page.goto(`${beacon.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await Promise.all([context.close(), third.close(), editorContext.close()]);
  });

  it('refuses a callback whose state was tampered with, and does not accept the real one after it', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    provider.tamperNextState = true;
    await signInAtProvider(page, 'tess');
    expect(provider.tamperNextState).toBe(false);
    expect(new URL(page.url()).searchParams.get('state')).toBe(`${new URL(provider.lastRedirect!).searchParams.get('state')}x`);
    expect((await page.locator('h1').innerText()).trim()).toBe('Sign-in failed');
    expect(await page.locator('[role="alert"]').innerText()).toContain('could not be verified');
    // The pending sign-in was spent by the failed attempt: the genuine answer cannot be replayed after it.
    expect((await page.goto(provider.lastRedirect!))!.status()).toBe(400);
    expect(await sessionOf(context)).toBeUndefined();
    await context.close();
  });

  it('refuses an ID token whose claims were changed after the provider signed it', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    provider.tamperNextIdToken = true;
    await signInAtProvider(page, 'tess');
    expect(provider.tamperNextIdToken).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/admin/sso/callback');
    expect((await page.locator('h1').innerText()).trim()).toBe('Sign-in failed');
    expect(await sessionOf(context)).toBeUndefined();
    const h = openDatabase(dbFile.path);
    expect(h.db.select().from(users).all().map((u) => u.email)).not.toContain('tess@example.com');
    h.close();

    // The same person, untampered, is let in: the refusal was the forgery's doing.
    const clean = await freshContext();
    const next = await clean.newPage();
    await signInAtProvider(next, 'tess');
    expect(await next.getByRole('navigation', { name: 'Admin' }).innerText()).toContain('Tess Tamper (Viewer)');
    await Promise.all([context.close(), clean.close()]);
  });
});
