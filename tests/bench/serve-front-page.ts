/**
 * The front page of the scale page with its rows kept (issue 20), measured on the site as Beacon
 * loads it (serve-site.ts: code loaded at start; every request rendered, nothing in front):
 * - after a change to ONE component: before each sample one leaf's status is set (a status
 *   change written through the write layer from this process, in turn across leaves), then `/`
 *   is rendered; the other rows are reused. A running server's figure: five such changes are
 *   rendered first and not counted.
 * - cold: the first `/` after a restart (empty memory: no rows, no remembered reads), with the
 *   rows the previous process rendered kept in the database;
 * - cold with nothing kept: the same after emptying the kept rows (the first start of a new build,
 *   or of a page nobody has visited).
 * The process is probed on /health, never on /.
 */
import { openDatabase } from '../../db/client.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import { insertManualStatus } from '../../src/server/write/components.js';

export interface FrontPageFigures {
  readonly oneChangeMs: readonly number[];
  readonly coldMs: readonly number[];
  readonly coldEmptyMs: readonly number[];
}

interface Site {
  readonly url: string;
  stop(): Promise<void>;
}

type Get = (url: string, headers: Record<string, string>) => Promise<{ ms: number; status: number; bytes: number }>;

const STATUSES: readonly ComponentStatus[] = ['degraded_performance', 'operational'];
/** Changes rendered before the measured ones. */
const WARM_UP_CHANGES = 5;

export async function frontPageFigures(
  databasePath: string,
  start: (probe: string) => Promise<Site>,
  get: Get,
  samples: number,
  problems: string[],
): Promise<FrontPageFigures> {
  const identity = { 'accept-encoding': 'identity' };
  const handle = openDatabase(databasePath);
  const coldMs: number[] = [];
  const coldEmptyMs: number[] = [];
  const oneChangeMs: number[] = [];
  try {
    const keptRows = handle.sqlite.prepare('select count(*) from front_rows').pluck();
    for (let i = 0; i < Math.max(3, Math.min(samples, 5)); i++) {
      handle.sqlite.prepare('delete from front_rows').run();
      for (const figures of [coldEmptyMs, coldMs]) {
        const site = await start('/health');
        try {
          const r = await get(`${site.url}/?cold=${i}`, identity);
          if (r.status !== 200) problems.push(`cold / answered ${r.status}`);
          figures.push(r.ms);
          // The rows are written just after the render that drew them: the next start must find them.
          const deadline = Date.now() + 5_000;
          while (keptRows.get() === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
          if (keptRows.get() === 0) problems.push('the rendered rows were never kept in the database');
        } finally {
          await site.stop();
        }
      }
    }

    const leaves = handle.sqlite.prepare('select id from components where is_group = 0 and archived_at is null order by position, id').pluck().all() as string[];
    const latest = handle.sqlite.prepare('select status from component_status_changes where component_id = ? order by at desc, id desc limit 1').pluck();
    const site = await start('/health');
    try {
      // The first renders of a fresh process run code not yet optimised: warm-up changes, not counted.
      for (let i = -WARM_UP_CHANGES; i < samples * 2; i++) {
        const id = leaves[((i + WARM_UP_CHANGES) * 37) % leaves.length]!;
        const current = latest.get(id) as ComponentStatus | undefined;
        const next = current === STATUSES[0] ? STATUSES[1]! : STATUSES[0]!;
        handle.db.transaction((tx) => insertManualStatus(tx, id, next, null, Date.now()), { behavior: 'immediate' });
        const r = await get(`${site.url}/?one=${i}`, identity);
        if (r.status !== 200) problems.push(`/ after one change answered ${r.status}`);
        if (i >= 0) oneChangeMs.push(r.ms);
      }
    } finally {
      await site.stop();
    }
  } finally {
    handle.close();
  }
  return { oneChangeMs, coldMs, coldEmptyMs };
}
