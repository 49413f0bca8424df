/**
 * The site as Beacon's site thread loads it (siteHandler: the middleware and the front page's code
 * loaded before it answers), on HOST:PORT, with nothing in front: every request is rendered. The
 * scale phase of serve.ts times `/` on it, first after a restart and after a change.
 */
import { createServer } from 'node:http';
import { siteHandler, siteOutDir } from '../../src/server/site.js';

const handler = await siteHandler(siteOutDir());
createServer(handler).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
