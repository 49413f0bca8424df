/**
 * npm run user:create -- --email ana@example.com --role editor [--name "Ana"]
 * Creates an account for scripted set-up. The password is read from standard input when it
 * is piped (first line), or generated and printed once when run at a terminal.
 */
import { parseArgs } from 'node:util';
import { SYSTEM } from '../server/audit.js';
import { generateToken } from '../server/auth/tokens.js';
import { createUser } from '../server/auth/users.js';
import { runWithDatabase } from './run-with-database.js';

const USAGE =
  'Usage: npm run user:create -- --email ADDRESS --role owner|editor|viewer|reader [--name NAME]\n' +
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
  const { email, role } = values;
  return runWithDatabase(async (db) => {
    const { id } = await createUser(db, { email, role, name: values.name ?? email.split('@')[0]!, password }, SYSTEM, Date.now());
    console.log(`Created ${role} ${email.trim().toLowerCase()} (${id}).`);
    if (generated) console.log(`Password (shown once): ${generated}`);
    return 0;
  });
}

process.exitCode = await main(process.argv.slice(2));
