import type { Server } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './free-port.js';

export interface TestAccount {
  readonly email: string;
  readonly name: string;
  /** Changed between sign-ins by tests: the provider reads it at each sign-in. */
  groups: string[];
}

export interface TestProvider {
  readonly issuer: string;
  readonly accounts: Map<string, TestAccount>;
  /** When true, the next token response carries an ID token whose signature no longer matches. */
  tamperNextIdToken: boolean;
  /** When true, the next redirect back to Beacon carries a changed `state`. */
  tamperNextState: boolean;
  /** The last redirect back to Beacon as the provider made it (before any tampering). */
  lastRedirect: string | null;
  close(): Promise<void>;
}

export const CLIENT_ID = 'beacon';
export const CLIENT_SECRET = 'a test client secret that is long enough';

/**
 * A real OpenID provider (the certified `oidc-provider`) on a loopback port, with its own
 * development login pages: any password signs in the login typed, with that account's claims.
 * Consent is granted up front, as a company's provider does for its own applications.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, TestAccount>();
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    cookies: { keys: ['test provider cookie key'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: true, name: account.name, groups: [...account.groups] }) };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const session = ctx.oidc.session!;
      const clientId = ctx.oidc.client!.clientId;
      const existing = session.grantIdFor(clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId! });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      session.grantIdFor(clientId, grant.jti);
      return grant;
    },
  });
  const state: TestProvider = {
    issuer,
    accounts,
    tamperNextIdToken: false,
    tamperNextState: false,
    lastRedirect: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  provider.use(async (ctx, next) => {
    await next();
    const location = String(ctx.response.get('location') ?? '');
    if (location.startsWith(redirectUri)) {
      state.lastRedirect = location;
      if (state.tamperNextState) {
        state.tamperNextState = false;
        const url = new URL(location);
        url.searchParams.set('state', `${url.searchParams.get('state')}x`);
        ctx.redirect(url.href);
      }
    }
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && state.tamperNextIdToken && body?.id_token) {
      state.tamperNextIdToken = false;
      // Claims changed after signing (an admin's groups slipped in): the signature no longer covers them.
      const [header, payload, signature] = body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, groups: ['beacon-owners'] })).toString('base64url');
      ctx.body = { ...body, id_token: `${header}.${forged}.${signature}` };
    }
  });
  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return state;
}
