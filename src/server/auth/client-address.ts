/** The bucket every request that claims a forwarded address without a trusted proxy shares. */
export const UNVERIFIED_FORWARDED = 'unverified-forwarded';

/**
 * The address to count sign-in attempts against. Astro's clientAddress is the first
 * X-Forwarded-For value when that header is present, else the socket's address. Without a
 * trusted proxy in front (TRUST_PROXY), that header is the client's own claim: requests
 * carrying it share one bucket, so forging a new address per attempt gains nothing.
 */
export function rateLimitAddress(clientAddress: string, request: Request, trustProxy: boolean): string {
  if (trustProxy || !request.headers.has('x-forwarded-for')) return clientAddress;
  return UNVERIFIED_FORWARDED;
}
