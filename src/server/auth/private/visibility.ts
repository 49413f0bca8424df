import type { Db } from '../../../../db/client.js';
import type { PageVisibility } from '../../../core/visibility.js';
import { config } from '../../config.js';
import { rememberedUntilContentChanges } from '../../read/content-memo.js';
import { readAccessSettings } from '../access-settings.js';

/** The owner's choice, read once per content change (a settings save bumps the version). */
const storedVisibility = rememberedUntilContentChanges((db: Db): PageVisibility => readAccessSettings(db, Date.now()).visibility);

/** Whether the public surface needs sign-in now: PAGE_VISIBILITY=private, or the owner's setting. */
export function isPagePrivate(db: Db): boolean {
  return config.forcePrivate || storedVisibility(db) === 'private';
}
