import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { pageSettings } from '../../../db/schema.js';
import { isValidTimeZone } from '../../core/time.js';
import { readPageSettings, type PageSettings } from '../settings.js';
import { RejectedError } from './events.js';

export type SettingsChange = Partial<Omit<PageSettings, 'publicId' | 'updatedAt'>>;

export function updatePageSettings(db: Db, change: SettingsChange, now: number): PageSettings {
  if (change.timeZone !== undefined && !isValidTimeZone(change.timeZone)) {
    throw new RejectedError(`“${change.timeZone}” is not a time zone; use a name such as Europe/Berlin.`);
  }
  readPageSettings(db, now);
  db.update(pageSettings).set({ ...change, updatedAt: now }).where(eq(pageSettings.id, 1)).run();
  return readPageSettings(db, now);
}
