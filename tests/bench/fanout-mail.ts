/**
 * The fan-out benchmark's mail section: Beacon against a bare nodemailer pool, both into a lean
 * SMTP sink in its own process, for each pool size, rounds alternating which side goes first.
 */
import { runBare } from './fanout-mail-bare.js';
import { runBeacon, templateMail } from './fanout-mail-beacon.js';
import type { RoundResult } from './fanout-measure.js';
import { describeRound, judge, roundHeader, type SectionOutcome, type Verdict } from './fanout-report.js';
import { startSink } from './fanout-sink-client.js';

export interface MailOptions {
  readonly subscribers: number;
  /** Pool sizes to measure, as MAIL_POOL_SIZE. */
  readonly pools: readonly number[];
  readonly rounds: number;
}

const WARM_UP = 500;
/** Targets from the issue: this many mails within this many s, and Beacon's rate at least this share of bare nodemailer's. */
const TARGET_SUBSCRIBERS = 10_000;
const TARGET_SECONDS = 60;
const TARGET_RATIO = 0.8;

/** Messages per second over every round of one side: total mails over total time. */
function rate(results: readonly RoundResult[]): number {
  const messages = results.reduce((s, r) => s + r.messages, 0);
  const ms = results.reduce((s, r) => s + r.totalMs, 0);
  return (messages / ms) * 1000;
}

export async function runMailSection(options: MailOptions): Promise<SectionOutcome> {
  const { subscribers: n, pools, rounds } = options;
  const sink = await startSink();
  const problems: string[] = [];
  const verdicts: Verdict[] = [];
  try {
    const template = templateMail();
    console.log(`Mail: ${n} subscribers, pools ${pools.join(', ')}, ${rounds} round(s) each; mail ${Buffer.byteLength(template.html) + Buffer.byteLength(template.text)} bytes of HTML + text; SMTP sink in a child process.`);
    // Warm-up (JIT, module loading, first connections), not reported.
    for (const r of [await runBare(sink, pools[0]!, WARM_UP, template), await runBeacon(sink, pools[0]!, WARM_UP)]) {
      problems.push(...r.problems.map((p) => `mail warm-up ${r.side}: ${p}`));
    }
    console.log(roundHeader());
    for (const pool of pools) {
      const beacon: RoundResult[] = [];
      const bare: RoundResult[] = [];
      for (let round = 1; round <= rounds; round++) {
        // Alternate who goes first, so drift on a shared machine does not favour one side.
        const order = round % 2 === 1 ? (['beacon', 'bare'] as const) : (['bare', 'beacon'] as const);
        for (const side of order) {
          const r = side === 'beacon' ? await runBeacon(sink, pool, n) : await runBare(sink, pool, n, template);
          (side === 'beacon' ? beacon : bare).push(r);
          console.log(describeRound(r, String(round)));
          problems.push(...r.problems.map((p) => `mail pool ${pool} ${side} round ${round}: ${p}`));
        }
      }
      const ratio = rate(beacon) / rate(bare);
      const slowest = Math.max(...beacon.map((r) => r.totalMs)) / 1000;
      verdicts.push(
        { section: 'mail', measure: `pool ${pool}: slowest Beacon fan-out of ${n}, s`, figure: slowest.toFixed(1), target: `≤ ${TARGET_SECONDS} s for ${TARGET_SUBSCRIBERS}`, verdict: judge(slowest <= TARGET_SECONDS, n === TARGET_SUBSCRIBERS) },
        {
          section: 'mail',
          measure: `pool ${pool}: Beacon / bare msg/s (${rate(beacon).toFixed(0)} / ${rate(bare).toFixed(0)})`,
          figure: ratio.toFixed(2),
          target: `≥ ${TARGET_RATIO}`,
          verdict: judge(ratio >= TARGET_RATIO),
        },
      );
    }
  } finally {
    await sink.close();
  }
  return { verdicts, problems };
}
