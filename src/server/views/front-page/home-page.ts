import { readSnapshot, type Db } from '../../../../db/client.js';
import type { Fragments } from '../../cache/fragment-store.js';
import { listComponents } from '../../read/components.js';
import { readPageSettings } from '../../settings.js';
import { layoutView, type LayoutView } from '../common.js';
import { homeFrame, type HomeFrame } from '../home.js';
import { frontRows, type FrontRow } from './front-rows.js';

export interface HomePage {
  readonly layout: LayoutView;
  readonly frame: HomeFrame;
  /** The component list, row by row: stored HTML where its inputs are unchanged, views to render elsewhere. */
  readonly rows: readonly FrontRow[];
}

/**
 * The front page as `/` renders it, its component rows reused from `store` where they still hold.
 * One read transaction for the rows: the settings, components, markers and history come from one
 * snapshot (see frontRows). The settings row is created before it, on the first visit to an empty page.
 */
export function homePage(db: Db, now: number, store: Fragments): HomePage {
  readPageSettings(db, now);
  const { settings, records, rows } = readSnapshot(db, (t) => {
    const settings = readPageSettings(t, now);
    const records = listComponents(t);
    return { settings, records, rows: frontRows(t, records, settings.timeZone, now, store) };
  });
  // Outside the transaction: the event lists' reads are remembered per content version only outside one (content-memo.ts).
  return { layout: layoutView(settings), frame: homeFrame(db, records, settings.timeZone, now), rows };
}
