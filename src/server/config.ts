/** Single sign-on by OpenID Connect; every field but the display name and claim is required to turn it on. */
export interface OidcConfig {
  /** OIDC_ISSUER: the provider's issuer URL, from which discovery finds everything else. */
  readonly issuer: string;
  /** OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: Beacon's registration at the provider. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** OIDC_DISPLAY_NAME: words on the sign-in button ("Sign in with …"), default "single sign-on". */
  readonly displayName: string;
  /** OIDC_GROUPS_CLAIM: the claim listing the person's groups (default `groups`). */
  readonly groupsClaim: string;
  /** OIDC_SCOPES: what to ask for (default `openid email profile`); some providers release groups only for a `groups` scope. */
  readonly scopes: string;
}

/** Runtime configuration, read once from the environment. Every value has a safe embedded default. */
export interface Config {
  readonly databasePath: string;
  /** PUBLIC_URL: the page's public address for links that leave it (feeds, mail), no trailing slash. */
  readonly publicUrl: string | null;
  /** Where this process listens, as a URL: the last resort for absolute links when nothing is configured. */
  readonly listenUrl: string;
  /** SESSION_SECURE=true|false forces the session cookie's Secure flag; null decides per request. */
  readonly sessionSecure: boolean | null;
  /** TRUST_PROXY=true: a reverse proxy in front sets X-Forwarded-For, so the client's address can be read from it. */
  readonly trustProxy: boolean;
  /** SMTP_URL (smtp:// or smtps://): where mail goes. Unset: deliveries wait in the outbox, never dropped. */
  readonly smtpUrl: string | null;
  /** MAIL_FROM: the From address, e.g. `Acme Status <status@acme.example>`. */
  readonly mailFrom: string;
  /** MAIL_POOL_SIZE: SMTP connections, and so mails in flight at once (1–50, default 5). */
  readonly mailPoolSize: number;
  /**
   * OUTBOX_LEASE_MS: how long a claimed delivery is reserved for the process sending it. After a
   * crash its unsent mail is retried once this passes; it must outlast the slowest send (default 2 min).
   */
  readonly outboxLeaseMs: number;
  /** STATIC_EXPORT_DIR: keep a static copy of the public site here (a folder, or s3://bucket/prefix), refreshed after every change. */
  readonly staticExportDir: string | null;
  /** PUBLISH_STALE_SECONDS: how long a change may wait to reach object storage before /health calls the copy stale (1–86400, default 300). */
  readonly publishStaleSeconds: number;
  /** API_RATE_PER_SECOND: requests per second each API token may make, bursts up to the same (1–1000, default 10). */
  readonly apiRatePerSecond: number;
  /**
   * OUTBOUND_ALLOW_PRIVATE=true: requests Beacon makes (upstream pages) may reach loopback,
   * private and link-local addresses, over plain http too. Off by default: a URL typed into the
   * admin must not reach what only the server can see (the metadata service, the LAN).
   */
  readonly outboundAllowPrivate: boolean;
  /** UPSTREAM_POLL_SECONDS: how often followed upstream pages are polled (1–3600, default 60). */
  readonly upstreamPollSeconds: number;
  /** Set when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET all are. */
  readonly oidc: OidcConfig | null;
  /** PAGE_VISIBILITY=private: the public surface needs sign-in whatever the owner's setting says. */
  readonly forcePrivate: boolean;
}

function hostOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).hostname || null : null;
  } catch {
    return null;
  }
}

function boundedInt(raw: string | undefined, min: number, max: number, fallback: number): number {
  const n = Number(raw?.trim());
  return raw?.trim() && Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

function readOidc(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
  if (!issuer || !clientId || !clientSecret) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    displayName: env.OIDC_DISPLAY_NAME?.trim().slice(0, 60) || 'single sign-on',
    groupsClaim: env.OIDC_GROUPS_CLAIM?.trim() || 'groups',
    scopes: env.OIDC_SCOPES?.trim().replace(/\s+/g, ' ') || 'openid email profile',
  };
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const publicUrl = env.PUBLIC_URL?.trim();
  const host = env.HOST?.trim() || 'localhost';
  // A wildcard address is where we listen, not where a reader can reach us.
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    databasePath: env.DATABASE_PATH?.trim() || './data/beacon.db',
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    listenUrl: `http://${reachable}:${env.PORT?.trim() || '4321'}`,
    sessionSecure: env.SESSION_SECURE?.trim() === 'true' ? true : env.SESSION_SECURE?.trim() === 'false' ? false : null,
    trustProxy: env.TRUST_PROXY?.trim() === 'true',
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || `status@${hostOf(publicUrl) ?? 'localhost'}`,
    mailPoolSize: boundedInt(env.MAIL_POOL_SIZE, 1, 50, 5),
    outboxLeaseMs: boundedInt(env.OUTBOX_LEASE_MS, 1_000, 3_600_000, 120_000),
    staticExportDir: env.STATIC_EXPORT_DIR?.trim() || null,
    publishStaleSeconds: boundedInt(env.PUBLISH_STALE_SECONDS, 1, 86_400, 300),
    apiRatePerSecond: boundedInt(env.API_RATE_PER_SECOND, 1, 1000, 10),
    outboundAllowPrivate: env.OUTBOUND_ALLOW_PRIVATE?.trim() === 'true',
    upstreamPollSeconds: boundedInt(env.UPSTREAM_POLL_SECONDS, 1, 3600, 60),
    oidc: readOidc(env),
    forcePrivate: env.PAGE_VISIBILITY?.trim().toLowerCase() === 'private',
  };
}

export const config: Config = readConfig(process.env);
