import { FragmentStore } from '../../cache/fragment-store.js';

/**
 * Bytes of row HTML the front page keeps (UTF-16, as charged by FragmentStore). The page of 500
 * components is ≈ 900 KiB of HTML, ≈ 1.8 MB as strings: 16 MiB holds it several times over, and
 * caps what components removed since (kept until evicted) can take.
 */
export const ROW_STORE_BYTES = 16 * 1024 * 1024;

let store: FragmentStore | null = null;

/**
 * The process's store of front-page rows; null when BEACON_ROW_CACHE=off, when `/` renders every
 * row from its view each time as it did before rows were kept (for comparison in tests and the
 * benchmark).
 */
export function frontRowStore(): FragmentStore | null {
  if (process.env.BEACON_ROW_CACHE === 'off') return null;
  return (store ??= new FragmentStore(ROW_STORE_BYTES));
}
