/**
 * npm run seed -- --demo [--reset]
 * Fills the database at DATABASE_PATH (default ./data/beacon.db) with the demo page.
 * An existing page is left alone unless --reset is given, so the command is safe to rerun.
 */
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { openDatabase, writeTransaction } from '../../db/client.js';
import { components, events, pageSettings } from '../../db/schema.js';
import { config } from '../server/config.js';
import { seedDemo } from '../server/demo/seed.js';

const USAGE = 'Usage: npm run seed -- --demo [--reset]\n  --demo   fill the database with a realistic demo page\n  --reset  delete the existing page first';

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({ args: argv, options: { demo: { type: 'boolean' }, reset: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help || !args.values.demo) {
    console.error(USAGE);
    return args.values.help ? 0 : 2;
  }
  const handle = openDatabase(config.databasePath);
  try {
    const { db } = handle;
    const existing = db.select({ n: count() }).from(components).get()!.n + db.select({ n: count() }).from(events).get()!.n;
    if (existing > 0 && !args.values.reset) {
      console.log(`${config.databasePath} already has a page; left as it is (add --reset to replace it with the demo).`);
      return 0;
    }
    if (args.values.reset) {
      writeTransaction(db, (tx) => {
        tx.delete(events).run();
        tx.delete(components).run();
        tx.delete(pageSettings).run();
      });
    }
    const result = seedDemo(db, Date.now());
    console.log(`Demo page written to ${config.databasePath}: ${result.components} components, ${result.events} incidents and maintenance.`);
    return 0;
  } finally {
    handle.close();
  }
}

process.exitCode = main(process.argv.slice(2));
