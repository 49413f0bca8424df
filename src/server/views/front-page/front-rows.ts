import type { Db } from '../../../../db/client.js';
import { dayKeyOf } from '../../../core/time.js';
import { rowStableUntil } from '../../../core/row-stability.js';
import type { FragmentStore } from '../../cache/fragment-store.js';
import { statusHistorySince, type ComponentRecord } from '../../read/components.js';
import { readRowMarkers } from '../../read/row-markers.js';
import { buildComponentTree, groupMembers, uptimeWindows, type ComponentView } from '../component-tree.js';
import { rowKey } from './row-key.js';

/**
 * A top-level row of the front page's component list: either its HTML from the store, or its view
 * to render, with `keep` to hand the rendered HTML back (the page renders it with the same
 * template as ever, then the HTML is stored under the key of the inputs it came from).
 */
export type FrontRow =
  | { readonly kind: 'cached'; readonly id: string; readonly html: string }
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
export function frontRows(db: Db, records: readonly ComponentRecord[], timeZone: string, now: number, store: FragmentStore): FrontRow[] {
  const windows = uptimeWindows(now, timeZone);
  const from = windows[0]!.start;
  const context = { timeZone, today: dayKeyOf(now, timeZone) };
  const markers = readRowMarkers(db, from);

  const rows: (FrontRow | { kind: 'todo'; id: string; key: string; entry: Entry })[] = [];
  for (const entry of topLevelEntries(records)) {
    const id = entry.record.id;
    const key = rowKey(context, entry.record, entry.members, markers);
    const html = store.get(id, key, now);
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
    // Hidden ("only show if degraded" while operational, or a group of such): nothing to render, and nothing the clock moves.
    if (view === undefined) {
      store.set(r.id, { key: r.key, html: '', validUntil: Infinity });
      return { kind: 'cached', id: r.id, html: '' };
    }
    return { kind: 'render', id: r.id, view, keep: (html) => store.set(r.id, { key: r.key, html, validUntil }) };
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
 * Rows as the page prints them: consecutive stored rows joined into one string, hidden ones gone.
 * Astro prints each piece as a node of its own, so one flat string for the runs of kept rows
 * costs it little; joined once from an array (never `a + b` in a loop, whose rope of 500 pieces
 * is flattened again when the page is encoded). Empty when no row is visible.
 */
export function rowRuns(rows: readonly FrontRow[]): RowRun[] {
  const runs: RowRun[] = [];
  let pieces: string[] = [];
  let firstId = '';
  const flush = (): void => {
    if (pieces.length > 0) runs.push({ kind: 'cached', id: firstId, html: pieces.join('') });
    pieces = [];
  };
  for (const r of rows) {
    if (r.kind === 'render') {
      flush();
      runs.push(r);
    } else if (r.html !== '') {
      if (pieces.length === 0) firstId = r.id;
      pieces.push(r.html);
    }
  }
  flush();
  return runs;
}
