/**
 * SQLite refuses a write after waiting the busy timeout (5 s) for another connection's lock: the
 * request could not be done now, but nothing is wrong with it. Say so with a 503 and Retry-After
 * rather than a 500, so the comms lead (or their browser) simply sends it again.
 */
export function isDatabaseBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function busyResponse(): Response {
  return new Response('The status page is busy saving other changes. Please send this again in a moment; nothing was lost or half-saved.', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2', 'cache-control': 'no-store' },
  });
}
