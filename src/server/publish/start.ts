import type { Db } from '../../../db/client.js';
import { isPagePrivate } from '../auth/private/visibility.js';
import type { Config } from '../config.js';
import { publicPaths } from '../export/public-paths.js';
import type { Site } from '../site.js';
import { startPublishLoop } from './publish-loop.js';
import { publishSite, type PublishResult } from './publisher.js';
import { purgeCdn, purgeWebhookFrom } from './purge.js';
import { publishStatusPath } from './status.js';
import { objectStorageClient } from './client.js';
import { parseObjectStorageUrl } from './target.js';

export interface PublishWiring {
  /** `s3://bucket/prefix` */
  readonly url: string;
  readonly config: Config;
  readonly env: NodeJS.ProcessEnv;
  readonly db: () => Db;
  readonly site: Pick<Site, 'render' | 'clientDir'>;
  /** Whether the page is private now (the server caches the answer per content version). */
  readonly isPrivate?: () => boolean;
}

/** One publish as configured: `npm run export -- s3://…` and each run of the server's loop. */
export function publishOnceWith(w: PublishWiring): () => Promise<PublishResult> {
  const target = parseObjectStorageUrl(w.url);
  const client = objectStorageClient(w.env);
  const isPrivate = w.isPrivate ?? ((): boolean => isPagePrivate(w.db()));
  return () => publishSite({ client, target, paths: publicPaths(w.db()), render: (p) => w.site.render(p), clientDir: w.site.clientDir, isPrivate, now: Date.now });
}

/**
 * The server's publisher, from STATIC_EXPORT_DIR=s3://… and the AWS variables. Throws a sentence
 * for a bad address or purge setting, before anything starts.
 */
export function startPublishing(w: PublishWiring & { readonly version: () => number | null; readonly log: (line: string) => void }): { stop(): Promise<void> } {
  const publish = publishOnceWith(w);
  const purge = purgeWebhookFrom(w.env, w.config.outboundAllowPrivate);
  return startPublishLoop({
    target: w.url,
    version: w.version,
    publish,
    afterChange: purge ? async (r): Promise<void> => void (await purgeCdn(purge, r.changed, w.config.outboundAllowPrivate)) : undefined,
    statusFile: publishStatusPath(w.config.databasePath),
    now: Date.now,
    log: w.log,
  });
}
