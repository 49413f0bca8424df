import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { pageSettings } from '../../../db/schema.js';
import { serializeCadence } from '../../core/cadence.js';
import { isValidTimeZone } from '../../core/time.js';
import { readPageSettings, type PageSettings } from '../settings.js';
import { RejectedError } from './events.js';

/** The fields to change; `cadence: null` returns to the default cadence. */
export type SettingsChange = Partial<Omit<PageSettings, 'publicId' | 'updatedAt' | 'cadence'>> & {
  readonly cadence?: PageSettings['cadence'] | null;
};

export function updatePageSettings(db: Db, change: SettingsChange, now: number): PageSettings {
  if (change.timeZone !== undefined && !isValidTimeZone(change.timeZone)) {
    throw new RejectedError(`“${change.timeZone}” is not a time zone; use a name such as Europe/Berlin.`);
  }
  readPageSettings(db, now);
  const { cadence, ...columns } = change;
  const stored = cadence === undefined ? {} : { updateCadence: cadence === null ? null : serializeCadence(cadence) };
  db.update(pageSettings).set({ ...columns, ...stored, updatedAt: now }).where(eq(pageSettings.id, 1)).run();
  return readPageSettings(db, now);
}
