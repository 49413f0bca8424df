import * as client from 'openid-client';
import type { Db } from '../../../../db/client.js';
import { groupsFromClaim } from '../../../core/sso-roles.js';
import type { OidcConfig } from '../../config.js';
import { readAccessSettings } from '../access-settings.js';
import { landingPath } from '../next-path.js';
import { endPendingSignIn, findPendingSignIn, startPendingSignIn } from '../pending-sign-in.js';
import { callbackUrl, providerConfiguration } from './provider.js';
import { signInWithSso, type SsoIdentity, type SsoOutcome } from './sso-account.js';

/** Where to send the browser, and the pending sign-in its cookie names. */
export interface SsoStart {
  readonly redirectTo: string;
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Begins a sign-in: fresh state, nonce and PKCE verifier (S256) are kept in a pending row the
 * browser's cookie names, and the browser goes to the provider's authorization endpoint.
 */
export async function startSsoSignIn(db: Db, oidc: OidcConfig, origin: string, next: string, now: number): Promise<SsoStart> {
  const config = await providerConfiguration(oidc);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(origin),
    scope: oidc.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const { token, expiresAt } = startPendingSignIn(db, { kind: 'oidc', userId: null, state, nonce, codeVerifier, next }, now);
  return { redirectTo: url.href, token, expiresAt };
}

export type SsoFinish = SsoOutcome & { readonly next: string } | { readonly kind: 'refused'; readonly reason: string };

function stringClaim(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Completes a sign-in from the provider's redirect. openid-client checks the state against the
 * one stored, exchanges the code with the PKCE verifier, and validates the ID token (signature by
 * the provider's published keys — enabled in provider.ts — issuer, audience, expiry, nonce). Groups come from the ID token,
 * or from userinfo when the provider leaves them out of it.
 */
export async function finishSsoSignIn(db: Db, oidc: OidcConfig, origin: string, query: URLSearchParams, pendingToken: string | undefined, now: number): Promise<SsoFinish> {
  // Rebuilt on the registered address: the request's own URL is the site thread's, behind the front server.
  const callback = new URL(callbackUrl(origin));
  callback.search = query.toString();
  const pending = findPendingSignIn(db, pendingToken, 'oidc', now);
  if (!pending || !pending.state || !pending.nonce || !pending.codeVerifier) {
    return { kind: 'refused', reason: 'This sign-in was not started in this browser, or took longer than 10 minutes. Start again.' };
  }
  // Used once, whatever happens next: a replayed callback finds nothing.
  endPendingSignIn(db, pending.id);
  const providerError = callback.searchParams.get('error');
  if (providerError) return { kind: 'refused', reason: `The provider did not sign you in (${providerError.slice(0, 100)}).` };
  let identity: SsoIdentity;
  try {
    const config = await providerConfiguration(oidc);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    let groupsValue: unknown = claims[oidc.groupsClaim];
    let extra: Record<string, unknown> = {};
    // Many providers put only `sub` in the ID token unless configured otherwise: ask userinfo for the rest.
    if ((groupsValue === undefined || claims.email === undefined) && config.serverMetadata().userinfo_endpoint) {
      extra = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      groupsValue ??= extra[oidc.groupsClaim];
    }
    identity = {
      subject: claims.sub,
      email: stringClaim(claims.email ?? extra.email),
      emailVerified: (claims.email_verified ?? extra.email_verified) === true,
      name: stringClaim(claims.name ?? extra.name),
      groups: groupsFromClaim(groupsValue),
    };
  } catch (e) {
    // The library's reason (state mismatch, bad signature, wrong audience…) is for the log, not the page.
    const detail = e as Error & { error?: string; error_description?: string };
    console.error(`single sign-on refused: ${detail.message}${detail.error ? ` (${detail.error}: ${detail.error_description ?? ''})` : ''}`);
    return { kind: 'refused', reason: 'The answer from the sign-in provider could not be verified, so you have not been signed in. Start again.' };
  }
  const outcome = signInWithSso(db, identity, readAccessSettings(db, now).roleMap, now);
  return { ...outcome, next: outcome.kind === 'signed_in' ? landingPath(outcome.role, pending.next) : pending.next };
}
