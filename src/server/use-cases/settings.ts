import { type Db, writeTransaction } from '../../../db/client.js';
import { changedFields } from '../audit-diff.js';
import { recordAudit, type Actor } from '../audit.js';
import type { SettingsFields } from '../forms/settings-form.js';
import { readPageSettings } from '../settings.js';
import { updatePageSettings } from '../write/settings.js';

const SETTINGS_KEYS = ['name', 'url', 'timeZone', 'description', 'supportUrl', 'brandColor', 'logoUrl', 'cadence'] as const satisfies readonly (keyof SettingsFields)[];

/**
 * Saves the page settings: one transaction, audited with the fields that changed.
 * Returns the names of the changed fields (none: nothing written).
 */
export function changePageSettings(db: Db, fields: SettingsFields, actor: Actor, now: number): string[] {
  return writeTransaction(db, (tx) => {
    const before = readPageSettings(tx, now);
    const diff = changedFields<SettingsFields>(before, fields, SETTINGS_KEYS);
    const changed = Object.keys(diff);
    if (changed.length === 0) return [];
    updatePageSettings(tx, fields, now);
    recordAudit(tx, actor, { action: 'settings.updated', objectType: 'page_settings', objectId: null, diff }, now);
    return changed;
  });
}
