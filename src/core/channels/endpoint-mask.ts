/**
 * How a chat subscriber's endpoint is shown to a person or an API client: the host, an ellipsis and
 * the last 4 characters (`hooks.slack.com/…x9Zq`), enough to tell two apart and recognise one's
 * own, never the path, which for Slack, Teams and Discord incoming webhooks is the credential.
 */
export function maskedEndpoint(url: string | null): string | null {
  if (url === null) return null;
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return '…';
  }
  // A URL that is barely longer than its host would give away most of its path: show the host only.
  const rest = url.length - url.indexOf(host) - host.length;
  return rest > 8 ? `${host}/…${url.slice(-4)}` : `${host}/…`;
}
