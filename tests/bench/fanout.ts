/**
 * npm run bench:fanout — issue 17's fan-out targets in one run, each against a baseline measured
 * in the same run:
 *   mail: one incident update to 10,000 email subscribers through Beacon's real path, against a
 *         bare nodemailer pool with the same concurrency (fanout-mail.ts): ≤ 60 s, ratio ≥ 0.8;
 *   webhooks: 10,000 webhook subscribers on a loopback receiver drained by the webhook lane,
 *         against a bare `fetch` loop with the same concurrency (fanout-webhooks.ts): ≤ 30 s, ≥ 0.8.
 * Prints the figures as they come, then one RESULTS table with every target and its verdict.
 * Exits non-zero only when something is broken (a delivery lost, failed or duplicated), never
 * for a missed target.
 *
 * Options: --subscribers=10000 --pools=5,10 --rounds=2 (mail; rounds alternate which side goes
 * first) --webhooks=10000 (webhook subscribers) --only=mail|webhooks (one section).
 */
import { parseArgs } from 'node:util';
import { runMailSection } from './fanout-mail.js';
import { resultsTable, type SectionOutcome } from './fanout-report.js';
import { runWebhookSection } from './fanout-webhooks.js';

const SECTIONS = ['mail', 'webhooks'] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    pools: { type: 'string', default: '5,10' },
    rounds: { type: 'string', default: '2' },
    webhooks: { type: 'string', default: '10000' },
    only: { type: 'string' },
  },
});
const positive = (v: number): boolean => Number.isInteger(v) && v > 0;
const SUBSCRIBERS = Number(args.subscribers);
const POOLS = args.pools.split(',').map(Number);
const ROUNDS = Number(args.rounds);
const WEBHOOKS = Number(args.webhooks);
const ONLY = args.only as Section | undefined;
if (!positive(SUBSCRIBERS) || !POOLS.every((p) => positive(p) && p <= 50) || !positive(ROUNDS) || !positive(WEBHOOKS) || (ONLY !== undefined && !SECTIONS.includes(ONLY))) {
  throw new Error('usage: fanout.ts [--subscribers=10000] [--pools=5,10] [--rounds=2] [--webhooks=10000] [--only=mail|webhooks] (pools 1–50, as MAIL_POOL_SIZE)');
}

async function main(): Promise<number> {
  const outcomes: SectionOutcome[] = [];
  if (ONLY !== 'webhooks') {
    outcomes.push(await runMailSection({ subscribers: SUBSCRIBERS, pools: POOLS, rounds: ROUNDS }));
    console.log();
  }
  if (ONLY !== 'mail') {
    outcomes.push(await runWebhookSection(WEBHOOKS));
    console.log();
  }
  for (const line of resultsTable(outcomes.flatMap((o) => o.verdicts))) console.log(line);
  console.log(`peak RSS of this process over the run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  const problems = outcomes.flatMap((o) => o.problems);
  if (problems.length > 0) {
    console.error('\nBROKEN:');
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
