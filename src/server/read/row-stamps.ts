import type { Db } from '../../../db/client.js';
import { readAll } from './prepared.js';

const STAMPS = 'select component_id as id, stamp from component_heads';

/**
 * Each component's stamp (component_heads, migration 0011), by id: it moves with every write to
 * the component's record or to any of its status changes, and a component is never given the same
 * stamp twice. Equal stamps therefore mean an unchanged record and history, edits and deletions
 * included, without reading either. Read in the same read transaction as the records and history
 * a row is built from, never inside a write: a write rolled back gives its stamps out again.
 */
export function readRowStamps(db: Db): Map<string, number> {
  return new Map(readAll<{ id: string; stamp: number }>(db, STAMPS).map((r) => [r.id, r.stamp]));
}
