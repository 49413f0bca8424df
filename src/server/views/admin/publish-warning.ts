import { config } from '../../config.js';
import { publishStatusPath, publishVerdict, readPublishStatus } from '../../publish/status.js';
import { isObjectStorageUrl } from '../../publish/target.js';

/**
 * The dashboard's warning about the copy in object storage: when changes have waited longer than
 * PUBLISH_STALE_SECONDS, or the last attempt failed. Null when all is well or nothing is published.
 */
export function publishWarning(now: number): string | null {
  if (!config.staticExportDir || !isObjectStorageUrl(config.staticExportDir)) return null;
  const v = publishVerdict(readPublishStatus(publishStatusPath(config.databasePath)), now, config.publishStaleSeconds * 1000);
  if (v.stale) return `Visitors of the copy in object storage see an old page. ${v.detail}`;
  if (v.failing) return `Publishing to object storage is failing and being retried. ${v.detail}`;
  return null;
}
