import { FragmentStore, type Fragments } from '../../cache/fragment-store.js';
import { database } from '../../db.js';
import { keptAcrossRestarts } from './kept-rows.js';

/**
 * Bytes of row HTML the front page keeps (UTF-16, as charged by FragmentStore). The page of 500
 * components is ≈ 900 KiB of HTML, ≈ 1.8 MB as strings: 16 MiB holds it several times over, and
 * caps what components removed since (kept until evicted) can take.
 */
export const ROW_STORE_BYTES = 16 * 1024 * 1024;

/**
 * The identity of the built site, set by `astro build` (astro.config.mjs), fresh for every build:
 * rows rendered by one build's templates are never shown by another's. Null when the code was not
 * built (the dev server, tests run from source): rows then stay in memory, where they never meet
 * other code.
 */
declare const __BEACON_BUILD__: string | null | undefined;
const BUILD: string | null = typeof __BEACON_BUILD__ === 'string' ? __BEACON_BUILD__ : null;

let store: Fragments | null = null;

/**
 * The process's store of front-page rows, kept across restarts in the database when the site is
 * a build; null when BEACON_ROW_CACHE=off, when `/` renders every row from its view each time as
 * it did before rows were kept (for comparison in tests and the benchmark).
 */
export function frontRowStore(): Fragments | null {
  if (process.env.BEACON_ROW_CACHE === 'off') return null;
  if (store) return store;
  const memory = new FragmentStore(ROW_STORE_BYTES);
  if (BUILD === null) return (store = memory);
  const { db, sqlite } = database();
  return (store = keptAcrossRestarts(memory, { db, file: sqlite.memory ? null : sqlite.name, build: BUILD, log: (line) => console.error(line) }));
}
