import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pageSettings } from '../../db/schema.js';
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
  readonly updatedAt: number;
}

export const DEFAULT_PAGE_NAME = 'Status';

/** The page's settings; the row is created with defaults the first time anyone asks. */
export function readPageSettings(db: Db, now: number): PageSettings {
  const existing = db.select().from(pageSettings).where(eq(pageSettings.id, 1)).get();
  if (existing) return existing;
  db.insert(pageSettings)
    .values({ id: 1, publicId: newPublicId(), name: DEFAULT_PAGE_NAME, timeZone: 'UTC', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .run();
  return db.select().from(pageSettings).where(eq(pageSettings.id, 1)).get()!;
}
