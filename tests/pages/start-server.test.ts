import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../helpers/db.js';
import { startServer } from '../helpers/server.js';

/**
 * The test helper never hands a test some other process that answers on the port it picked: a
 * server that could not bind its port is not reported started.
 */
let stranger: Server | undefined;
const db = tempDatabasePath();
afterAll(async () => {
  await new Promise<void>((done) => (stranger ? stranger.close(() => done()) : done()));
  db.cleanup();
});

describe('startServer', () => {
  it('refuses a port another process holds, even though that process answers on it', async () => {
    stranger = createServer((_req, res) => res.end('not Beacon'));
    await new Promise<void>((done) => stranger!.listen(0, '127.0.0.1', done));
    const port = (stranger.address() as AddressInfo).port;
    await expect(startServer(db.path, { PORT: String(port) })).rejects.toThrow(`port ${port} was taken`);
  });
});
