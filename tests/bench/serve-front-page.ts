/**
 * The front page of the scale page with its rows kept (issue 20), two honest figures:
 * - after a change to ONE component: before each sample one leaf's status is set (a status
 *   change written through the write layer, in turn across leaves), then `/` is rendered by the
 *   site alone; the other rows are reused.
 * - cold: the first `/` after a restart of the site (empty memory: no rows, no remembered reads,
 *   the page's code not yet loaded; the process is probed on /health, never on /).
 */
import { openDatabase } from '../../db/client.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import { insertManualStatus } from '../../src/server/write/components.js';

export interface FrontPageFigures {
  readonly oneChangeMs: readonly number[];
  readonly coldMs: readonly number[];
}

interface Site {
  readonly url: string;
  stop(): Promise<void>;
}

type Get = (url: string, headers: Record<string, string>) => Promise<{ ms: number; status: number; bytes: number }>;

const STATUSES: readonly ComponentStatus[] = ['degraded_performance', 'operational'];

export async function frontPageFigures(
  databasePath: string,
  start: (probe: string) => Promise<Site>,
  get: Get,
  samples: number,
  problems: string[],
): Promise<FrontPageFigures> {
  const identity = { 'accept-encoding': 'identity' };
  const coldMs: number[] = [];
  for (let i = 0; i < Math.max(3, Math.min(samples, 5)); i++) {
    const site = await start('/health');
    const r = await get(`${site.url}/?cold=${i}`, identity);
    if (r.status !== 200) problems.push(`cold / answered ${r.status}`);
    coldMs.push(r.ms);
    await site.stop();
  }

  const handle = openDatabase(databasePath);
  const leaves = handle.sqlite.prepare('select id from components where is_group = 0 and archived_at is null order by position, id').pluck().all() as string[];
  const latest = handle.sqlite.prepare('select status from component_status_changes where component_id = ? order by at desc, id desc limit 1').pluck();
  const site = await start('/health');
  const oneChangeMs: number[] = [];
  try {
    await get(`${site.url}/?warm`, identity);
    await get(`${site.url}/?warm2`, identity);
    for (let i = 0; i < samples * 2; i++) {
      const id = leaves[(i * 37) % leaves.length]!;
      const current = latest.get(id) as ComponentStatus | undefined;
      const next = current === STATUSES[0] ? STATUSES[1]! : STATUSES[0]!;
      handle.db.transaction((tx) => insertManualStatus(tx, id, next, null, Date.now()), { behavior: 'immediate' });
      const r = await get(`${site.url}/?one=${i}`, identity);
      if (r.status !== 200) problems.push(`/ after one change answered ${r.status}`);
      oneChangeMs.push(r.ms);
    }
  } finally {
    await site.stop();
    handle.close();
  }
  return { oneChangeMs, coldMs };
}
