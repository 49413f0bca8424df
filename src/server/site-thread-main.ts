/**
 * The site thread's entry (see site-thread.ts): the Astro build behind a loopback listener,
 * sharing the process's commit counter, cache and alert counts and main-thread lag, passing outbox signals
 * to the main thread where delivery listens.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { shareLocalCommits } from '../../db/client.js';
import { shareCacheStats } from './cache/cache-stats.js';
import { config } from './config.js';
import { adoptPeerAddress, dropUntrustedForwardedFor } from './http/peer-address.js';
import { shareAlertCounts } from './metrics/alert-metrics.js';
import { shareMainThreadLag } from './metrics/main-thread-lag.js';
import { listen, SIGNALS } from './signals.js';
import { listenOnLoopback, siteHandler } from './site.js';
import type { SiteParentMessage, SiteThreadData, SiteThreadMessage } from './site-thread.js';

const port = parentPort!;
const data = workerData as SiteThreadData;
const post = (message: SiteThreadMessage): void => port.postMessage(message);

shareLocalCommits(data.commits);
shareCacheStats(data.cacheStats);
shareMainThreadLag(data.mainThreadLag);
shareAlertCounts(data.alertCounts);
for (const signal of SIGNALS) listen(signal, () => post({ type: 'signal', signal }));

const handler = await siteHandler(data.outDir);
const { server, port: listening } = await listenOnLoopback((req, res) => {
  adoptPeerAddress(req, data.secret);
  dropUntrustedForwardedFor(req, config.trustProxy);
  handler(req, res);
});

port.on('message', (message: SiteParentMessage) => {
  if (message.type === 'ping') return post({ type: 'pong' });
  // Requests still in flight were let finish by the main thread, which stopped forwarding first.
  server.close(() => port.close());
  server.closeAllConnections();
});
post({ type: 'ready', port: listening });
