import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pageSettings } from '../../db/schema.js';
import { parseCadence, type Cadence } from '../core/cadence.js';
import { dateBounds, type DateBounds } from '../core/date-bounds.js';
import { newPublicId } from './ids.js';

export interface PageSettings {
  readonly publicId: string;
  readonly name: string;
  readonly url: string | null;
  readonly timeZone: string;
  readonly description: string | null;
  readonly supportUrl: string | null;
  readonly brandColor: string | null;
  readonly logoUrl: string | null;
  /** Minutes between public updates per severity: the stored override, else the defaults. */
  readonly cadence: Cadence;
  /** When the page was set up, epoch ms: anchors the range of dates anyone may enter. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const DEFAULT_PAGE_NAME = 'Status';

type Row = typeof pageSettings.$inferSelect;

function settingsOf(row: Row): PageSettings {
  return {
    publicId: row.publicId,
    name: row.name,
    url: row.url,
    timeZone: row.timeZone,
    description: row.description,
    supportUrl: row.supportUrl,
    brandColor: row.brandColor,
    logoUrl: row.logoUrl,
    cadence: parseCadence(row.updateCadence),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The page's settings; the row is created with defaults the first time anyone asks. */
export function readPageSettings(db: Db, now: number): PageSettings {
  const existing = db.select().from(pageSettings).where(eq(pageSettings.id, 1)).get();
  if (existing) return settingsOf(existing);
  db.insert(pageSettings)
    .values({ id: 1, publicId: newPublicId(), name: DEFAULT_PAGE_NAME, timeZone: 'UTC', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .run();
  return settingsOf(db.select().from(pageSettings).where(eq(pageSettings.id, 1)).get()!);
}

/** The dates a person or a tool may enter on this page (the rule is the core's `dateBounds`). */
export function pageDateBounds(settings: Pick<PageSettings, 'createdAt' | 'timeZone'>, now: number): DateBounds {
  return dateBounds(settings.createdAt, now, settings.timeZone);
}
