import type { Db } from '../../../../db/client.js';
import { dayKeyOf } from '../../../core/time.js';
import { rowStableUntil } from '../../../core/row-stability.js';
import type { Fragments } from '../../cache/fragment-store.js';
import { statusHistorySince, type ComponentRecord } from '../../read/components.js';
import { readRowStamps } from '../../read/row-stamps.js';
import { buildComponentTree, groupMembers, uptimeWindows, type ComponentView } from '../component-tree.js';
import { rowKey } from './row-key.js';

/** A hidden row's HTML. */
const NOTHING = new Uint8Array(0);

/**
 * A top-level row of the front page's component list: either its HTML from the store, or its view
 * to render, with `keep` to hand the rendered HTML back (the page renders it with the same
 * template as ever, then the HTML is stored under the key of the inputs it came from).
 */
export type FrontRow =
  | { readonly kind: 'cached'; readonly id: string; readonly html: Uint8Array }
  | { readonly kind: 'render'; readonly id: string; readonly view: ComponentView; readonly keep: (html: string) => void };

interface Entry {
  readonly record: ComponentRecord;
  readonly members: readonly ComponentRecord[];
}

/**
 * The rows of the page at `now`, in page order, from `records` (listComponents, page order).
 * Only rows whose key changed, or whose figures may have moved with the clock, are built again.
 *
 * Must run inside one read transaction with the read of `records`: keys and the history behind a
 * rendered row then come from the same snapshot, so a row is never stored under a key older than
 * its content.
 */
export function frontRows(db: Db, records: readonly ComponentRecord[], timeZone: string, now: number, store: Fragments): FrontRow[] {
  const windows = uptimeWindows(now, timeZone);
  const from = windows[0]!.start;
  const context = { timeZone, today: dayKeyOf(now, timeZone) };
  const stamps = readRowStamps(db);

  const rows: (FrontRow | { kind: 'todo'; id: string; key: string | null; entry: Entry })[] = [];
  for (const entry of topLevelEntries(records)) {
    const id = entry.record.id;
    const key = rowKey(context, entry.record, entry.members, stamps);
    const html = key === null ? null : store.get(id, key, now);
    rows.push(html === null ? { kind: 'todo', id, key, entry } : { kind: 'cached', id, html });
  }

  const todo = rows.flatMap((r) => (r.kind === 'todo' ? [r] : []));
  if (todo.length === 0) return rows as FrontRow[];
  const leafIds = todo.flatMap((t) => (t.entry.record.isGroup ? t.entry.members : [t.entry.record]).filter((r) => !r.isGroup).map((r) => r.id));
  const history = statusHistorySince(db, leafIds, from);
  const views = new Map(
    buildComponentTree(todo.flatMap((t) => [t.entry.record, ...t.entry.members]), history, windows, now).map((v) => [v.id, v]),
  );
  return rows.map((r): FrontRow => {
    if (r.kind !== 'todo') return r;
    const leaves = r.entry.record.isGroup ? r.entry.members : [r.entry.record];
    const validUntil = rowStableUntil(
      leaves.map((l) => ({ changes: history.get(l.id) ?? [], startDay: l.startDate })),
      windows,
      now,
      r.entry.record.isGroup,
    );
    const view = views.get(r.id);
    const key = r.key;
    // Without a key nothing is kept: the row is built on every render.
    if (key === null) return view === undefined ? { kind: 'cached', id: r.id, html: NOTHING } : { kind: 'render', id: r.id, view, keep: () => undefined };
    // Hidden ("only show if degraded" while operational, or a group of such): nothing to render, and nothing the clock moves.
    if (view === undefined) {
      store.set(r.id, { key, html: NOTHING, validUntil: Infinity });
      return { kind: 'cached', id: r.id, html: NOTHING };
    }
    return { kind: 'render', id: r.id, view, keep: (html) => store.set(r.id, { key, html: Buffer.from(html), validUntil }) };
  });
}

/** Groups with their members and ungrouped leaves, as buildComponentTree nests them. */
function topLevelEntries(records: readonly ComponentRecord[]): Entry[] {
  const { ids, childrenOf: members } = groupMembers(records);
  return records.filter((r) => r.groupId === null || !ids.has(r.groupId)).map((record) => ({ record, members: members.get(record.id) ?? [] }));
}

/** What the page prints in turn: stored HTML (consecutive rows joined, hidden ones gone) or a row to render. */
export type RowRun = FrontRow | { readonly kind: 'plain'; readonly id: string; readonly view: ComponentView };

/**
 * Rows as the page prints them: consecutive stored rows joined into one run of bytes, hidden ones
 * gone. Astro writes each piece through as it is, so one buffer per run of kept rows costs it a
 * copy (≈ 0.3 ms per MB) where 500 strings cost a join and an encoding. Empty when no row is visible.
 */
export function rowRuns(rows: readonly FrontRow[]): RowRun[] {
  const runs: RowRun[] = [];
  let pieces: Uint8Array[] = [];
  let firstId = '';
  const flush = (): void => {
    if (pieces.length > 0) runs.push({ kind: 'cached', id: firstId, html: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces) });
    pieces = [];
  };
  for (const r of rows) {
    if (r.kind === 'render') {
      flush();
      runs.push(r);
    } else if (r.html.byteLength > 0) {
      if (pieces.length === 0) firstId = r.id;
      pieces.push(r.html);
    }
  }
  flush();
  return runs;
}
