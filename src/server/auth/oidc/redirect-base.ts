import type { Db } from '../../../../db/client.js';
import { config } from '../../config.js';
import { publicBaseUrl } from '../../public-url.js';
import { readPageSettings } from '../../settings.js';

/** The origin the provider redirects back to: the configured address, never the request's Host header. */
export function ssoOrigin(db: Db, now: number): string {
  return new URL(publicBaseUrl(config.publicUrl, readPageSettings(db, now).url, config.listenUrl)).origin;
}
