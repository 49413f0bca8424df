/**
 * npm run token:create -- --name "deploy pipeline" --scope read|write|alerts
 * Creates an API token for scripted set-up. The token is printed once, as the last line of the
 * output, so a script can take it with `| tail -n 1`; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { API_SCOPES, isApiScope } from '../core/api-scope.js';
import { SYSTEM } from '../server/audit.js';
import { createApiToken } from '../server/use-cases/api-tokens.js';
import { runWithDatabase } from './run-with-database.js';

const USAGE =
  `Usage: npm run token:create -- --name NAME --scope ${API_SCOPES.join('|')}\n` +
  '  read: GET only · write: everything an editor may do · alerts: only the alert intake.\n' +
  '  The token is printed once, as the last line; only its hash is kept.';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { name: { type: 'string' }, scope: { type: 'string' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.name === undefined || values.scope === undefined) {
    console.error(`Give both --name and --scope.\n${USAGE}`);
    return 2;
  }
  if (!isApiScope(values.scope)) {
    console.error(`“${values.scope}” is not a scope; choose ${API_SCOPES.join(', ')}.\n${USAGE}`);
    return 2;
  }
  const { name, scope } = values;
  return runWithDatabase((db) => {
    const { id, token } = createApiToken(db, { name, scope }, SYSTEM, Date.now());
    console.log(`Created ${scope} token “${name.trim()}” (${id}). It is shown once, below; store it now.`);
    console.log(token);
    return 0;
  });
}

process.exitCode = await main(process.argv.slice(2));
