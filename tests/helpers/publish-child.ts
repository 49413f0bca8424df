/**
 * A process that publishes one incident update with notify on, as the admin use-case does, and can
 * be told to stop dead at a given point so a test can SIGKILL it there:
 *   CRASH_AT=inside  → after the update and its outbox rows are written, before the commit
 *   CRASH_AT=after   → right after the commit, before anything is sent
 * It prints the point reached on stdout (synchronously) and then spins until killed.
 */
import { writeSync } from 'node:fs';
import { openDatabase, writeTransaction } from '../../db/client.js';
import { recordAudit, SYSTEM } from '../../src/server/audit.js';
import { appendUpdate } from '../../src/server/write/events.js';

const [databasePath, eventId, componentId] = process.argv.slice(2) as [string, string, string];
const crashAt = process.env.CRASH_AT;
const { db } = openDatabase(databasePath);
const hang = (point: string): never => {
  writeSync(1, `${point}\n`);
  for (;;) {
    // Spin: the test kills this process here.
  }
};
const now = Date.now();
writeTransaction(db, (tx) => {
  appendUpdate(tx, { eventId, status: 'identified', body: 'Found it.', displayAt: now, notify: true, authorId: null, changes: [{ componentId, status: 'major_outage' }] }, now);
  recordAudit(tx, SYSTEM, { action: 'incident.updated', objectType: 'incident', objectId: eventId }, now);
  if (crashAt === 'inside') hang('inside');
});
if (crashAt === 'after') hang('after');
writeSync(1, 'done\n');
