/** What the fan-out benchmark prints: the mail rounds as they finish, and the RESULTS table at the end. */
import { percentile, type RoundResult } from './fanout-measure.js';

/** One target of issue 17 as measured in this run. */
export interface Verdict {
  readonly section: 'mail' | 'webhooks';
  readonly measure: string;
  readonly figure: string;
  readonly target: string;
  readonly verdict: 'met' | 'MISSED' | 'not measured';
}

/** What one section hands back to the entry point. */
export interface SectionOutcome {
  readonly verdicts: Verdict[];
  /** Something broken (lost, failed or duplicated deliveries), one line each. */
  readonly problems: string[];
}

/** met / MISSED, or "not measured" when the run was not the size the target is stated for. */
export function judge(ok: boolean, measured = true): Verdict['verdict'] {
  return !measured ? 'not measured' : ok ? 'met' : 'MISSED';
}

const ROUND_COLUMNS = ['pool', 'side', 'round', 'messages', 'enqueue s', 'total s', 'msg/s', 'p50 ms', 'p99 ms', 'sender CPU', 'CPU ms/mail', 'sink CPU', 'SMTP conns', 'peak RSS MB'] as const;
const ROUND_WIDTHS = [4, 6, 5, 8, 9, 7, 7, 7, 7, 10, 11, 8, 10, 11] as const;

function roundRow(cells: readonly string[]): string {
  return cells.map((c, i) => c.padStart(ROUND_WIDTHS[i]!)).join('  ');
}

export function roundHeader(): string {
  return roundRow([...ROUND_COLUMNS]);
}

/** One mail round as a line under roundHeader(). */
export function describeRound(r: RoundResult, round: string): string {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return roundRow([
    String(r.pool),
    r.side,
    round,
    String(r.messages),
    r.enqueueMs === null ? '—' : (r.enqueueMs / 1000).toFixed(3),
    (r.totalMs / 1000).toFixed(2),
    ((r.messages / r.totalMs) * 1000).toFixed(0),
    percentile(sorted, 50).toFixed(2),
    percentile(sorted, 99).toFixed(2),
    `${((r.senderCpuMs / r.totalMs) * 100).toFixed(0)}%`,
    (r.senderCpuMs / r.messages).toFixed(2),
    `${((r.sinkCpuMs / r.totalMs) * 100).toFixed(0)}%`,
    String(r.connections),
    (r.peakRssBytes / 2 ** 20).toFixed(0),
  ]);
}

/** The RESULTS table: every target of both sections, left-aligned columns sized to their content. */
export function resultsTable(verdicts: readonly Verdict[]): string[] {
  const header = ['section', 'measure', 'figure', 'target', 'verdict'] as const;
  const rows = verdicts.map((v) => [v.section, v.measure, v.figure, v.target, v.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return ['RESULTS', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
