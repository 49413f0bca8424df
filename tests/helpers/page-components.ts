import type { Db } from '../../db/client.js';
import type { ComponentView } from '../../src/server/views/component-tree.js';
import { homeView } from '../../src/server/views/home.js';

/** A leaf component as the public front page shows it at `now`: status, uptime figures and daily bars. */
export function pageComponent(db: Db, slug: string, now: number): ComponentView {
  const home = homeView(db, now);
  if (home.kind !== 'ok') throw new Error('the front page did not render');
  const found = home.view.components.flatMap((c) => [c, ...c.children]).find((c) => c.slug === slug);
  if (!found) throw new Error(`no component ${slug} on the page`);
  return found;
}

/** The colour of one day's bar ('none' without data), by day key. */
export function barLevel(view: ComponentView, day: string): string {
  const bar = view.bars.find((b) => b.day === day);
  if (!bar) throw new Error(`no bar for ${day}`);
  return bar.level;
}
