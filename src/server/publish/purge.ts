import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkOutboundUrl, guardedLookup, OUTBOUND_TIMEOUT_MS, OutboundError } from '../outbound/guarded-get.js';

export interface PurgeWebhook {
  /** PUBLISH_PURGE_URL */
  readonly url: string;
  /** PUBLISH_PURGE_HEADERS, parsed. */
  readonly headers: Readonly<Record<string, string>>;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * PUBLISH_PURGE_HEADERS: a JSON object (`{"Authorization": "Bearer …"}`) or `Name: value` lines.
 * Throws a sentence naming the first bad entry.
 */
export function parsePurgeHeaders(raw: string | undefined): Record<string, string> {
  const text = raw?.trim() ?? '';
  if (!text) return {};
  let pairs: [string, unknown][];
  if (text.startsWith('{')) {
    try {
      pairs = Object.entries(JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new Error('PUBLISH_PURGE_HEADERS looks like JSON but is not valid JSON; write an object of header names to values, or one "Name: value" per line.');
    }
  } else {
    pairs = text.split(/\r?\n/).filter((l) => l.trim()).map((line): [string, unknown] => {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`PUBLISH_PURGE_HEADERS: "${line.trim()}" is not a "Name: value" line.`);
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (!HEADER_NAME.test(name)) throw new Error(`PUBLISH_PURGE_HEADERS: "${name}" is not a valid header name.`);
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new Error(`PUBLISH_PURGE_HEADERS: the value of ${name} must be a single line of text.`);
    headers[name] = value;
  }
  return headers;
}

/** The webhook from the environment, or null when PUBLISH_PURGE_URL is unset; throws on a bad setting. */
export function purgeWebhookFrom(env: NodeJS.ProcessEnv, allowPrivate: boolean): PurgeWebhook | null {
  const url = env.PUBLISH_PURGE_URL?.trim();
  if (!url) return null;
  try {
    checkOutboundUrl(url, allowPrivate);
  } catch (e) {
    throw new Error(`PUBLISH_PURGE_URL: ${(e as Error).message}`);
  }
  return { url, headers: parsePurgeHeaders(env.PUBLISH_PURGE_HEADERS) };
}

/**
 * POSTs `{"files": ["/index.html", …]}` (what changed, under the prefix) to the purge webhook
 * through the outbound guard: https only unless OUTBOUND_ALLOW_PRIVATE, no private addresses
 * (checked after DNS), no redirects, a timeout. Anything but a 2xx is an error.
 */
export async function purgeCdn(webhook: PurgeWebhook, files: readonly string[], allowPrivate: boolean): Promise<number> {
  const url = checkOutboundUrl(webhook.url, allowPrivate);
  const body = JSON.stringify({ files: files.map((f) => `/${f}`) });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(allowPrivate),
        timeout: OUTBOUND_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'user-agent': 'Beacon status page', ...webhook.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(status);
          else reject(new OutboundError(`${url.host} answered HTTP ${status} to the purge.`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new OutboundError(`${url.host} did not answer the purge within ${OUTBOUND_TIMEOUT_MS / 1000} s.`)));
    req.on('error', reject);
    req.end(body);
  });
}
