import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';

/** Plain http only to a provider on this machine (development, tests); anywhere else https is required. */
export function isLoopbackHttp(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

let cached: { readonly key: string; readonly config: Promise<client.Configuration> } | null = null;

/**
 * The provider's configuration from OIDC discovery (issuer, endpoints, signing keys), fetched once
 * per process and kept (a failure is not): openid-client checks the discovered issuer matches OIDC_ISSUER.
 */
export function providerConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}\n${oidc.clientId}`;
  if (cached && cached.key === key) return cached.config;
  const options = isLoopbackHttp(oidc.issuer) ? { execute: [client.allowInsecureRequests] } : undefined;
  // client_secret_basic: the method OpenID Connect assumes when a registration names none.
  const config = client.discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, client.ClientSecretBasic(oidc.clientSecret), options);
  const checked = config.then((c) => {
    // Signatures of ID tokens from the token endpoint too, against the provider's published keys
    // (openid-client otherwise relies on TLS alone for those, as OpenID Connect allows).
    client.enableNonRepudiationChecks(c);
    return c;
  });
  const entry = { key, config: checked };
  cached = entry;
  // A provider that was down is asked again by the next sign-in.
  checked.catch(() => {
    if (cached === entry) cached = null;
  });
  return checked;
}

/** Where the provider sends the browser back: registered at the provider as the redirect URI. */
export function callbackUrl(origin: string): string {
  return `${origin}/admin/sso/callback`;
}
