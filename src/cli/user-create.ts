/**
 * npm run user:create -- --email ana@example.com --role editor [--name "Ana"]
 * Creates an account for scripted set-up. The password is read from standard input when it
 * is piped (first line), or generated and printed once when run at a terminal.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../server/audit.js';
import { generateToken } from '../server/auth/tokens.js';
import { createUser } from '../server/auth/users.js';
import { config } from '../server/config.js';
import { RejectedError } from '../server/write/events.js';

const USAGE =
  'Usage: npm run user:create -- --email ADDRESS --role owner|editor|viewer [--name NAME]\n' +
  '  The password is read from standard input (first line) when piped, or generated and printed.';

async function readStdinLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n') || data.length > 4096) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.email || !values.role) {
    console.error(USAGE);
    return 2;
  }
  const generated = process.stdin.isTTY ? generateToken() : null;
  const password = generated ?? (await readStdinLine());
  const handle = openDatabase(config.databasePath);
  try {
    const { id } = await createUser(
      handle.db,
      { email: values.email, role: values.role, name: values.name ?? values.email.split('@')[0]!, password },
      SYSTEM,
      Date.now(),
    );
    console.log(`Created ${values.role} ${values.email.trim().toLowerCase()} (${id}).`);
    if (generated) console.log(`Password (shown once): ${generated}`);
    return 0;
  } catch (e) {
    if (e instanceof RejectedError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    handle.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
