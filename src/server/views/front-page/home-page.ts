import { readSnapshot, type Db } from '../../../../db/client.js';
import type { Fragments } from '../../cache/fragment-store.js';
import { versionKey } from '../../read/content-memo.js';
import { listComponents } from '../../read/components.js';
import { readPageSettings } from '../../settings.js';
import { layoutView, type LayoutView } from '../common.js';
import { homeFrame, openEventIds, type HomeFrame } from '../home.js';
import { frontRows, type FrontRow } from './front-rows.js';
import { recentSection, type RecentSection } from './recent-section.js';

export interface HomePage {
  readonly layout: LayoutView;
  readonly frame: HomeFrame;
  /** The component list, row by row: stored HTML where its inputs are unchanged, views to render elsewhere. */
  readonly rows: readonly FrontRow[];
  /** The past week's closed events: stored HTML while the list holds, else the events to render. */
  readonly recent: RecentSection;
}

/**
 * The front page as `/` renders it, its component rows and past week reused from `store` where
 * they still hold. One read transaction for the rows: the settings, components, stamps and history
 * come from one snapshot (see frontRows). The settings row is created before it, on the first
 * visit to an empty page.
 */
export function homePage(db: Db, now: number, store: Fragments): HomePage {
  readPageSettings(db, now);
  const { settings, records, rows } = readSnapshot(db, (t) => {
    const settings = readPageSettings(t, now);
    const records = listComponents(t);
    return { settings, records, rows: frontRows(t, records, settings.timeZone, now, store) };
  });
  // Outside the transaction: the event lists' reads are remembered per events version only outside one (content-memo.ts).
  const before = versionKey(db, 'events');
  const frame = homeFrame(db, records, settings.timeZone, now);
  // The open events were read at `before` only if no write came since; else the past week is read afresh.
  const version = before !== null && versionKey(db, 'events') === before ? before : null;
  const recent = recentSection(db, settings.timeZone, now, store, version, openEventIds(frame));
  return { layout: layoutView(settings), frame, rows, recent };
}
