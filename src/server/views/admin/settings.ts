import type { Db } from '../../../../db/client.js';
import { DEFAULT_CADENCE } from '../../../core/cadence.js';
import { formatDuration } from '../../../core/format.js';
import { SEVERITIES, SEVERITY_INFO } from '../../../core/severity.js';
import { cadenceField } from '../../forms/settings-form.js';
import { readPageSettings, type PageSettings } from '../../settings.js';

export interface CadenceRow {
  readonly field: string;
  readonly label: string;
  /** "default: every 30 min" / "default: no fixed cadence". */
  readonly defaultText: string;
}

export interface SettingsView {
  readonly pageName: string;
  /** Starting values of the form, from what is stored. */
  readonly values: Record<string, string>;
  readonly cadence: readonly CadenceRow[];
  /** UTC and every zone Intl lists, for the time-zone suggestions. */
  readonly timeZones: readonly string[];
}

export const cadenceRows: readonly CadenceRow[] = SEVERITIES.map((s) => {
  const minutes = DEFAULT_CADENCE[s];
  return {
    field: cadenceField(s),
    label: SEVERITY_INFO[s].label,
    defaultText: minutes === null ? 'default: no fixed cadence' : `default: every ${formatDuration(minutes * 60_000)}`,
  };
});

export function settingsFormValues(s: PageSettings): Record<string, string> {
  return {
    name: s.name,
    url: s.url ?? '',
    time_zone: s.timeZone,
    description: s.description ?? '',
    support_url: s.supportUrl ?? '',
    brand_color: s.brandColor ?? '',
    logo_url: s.logoUrl ?? '',
    ...Object.fromEntries(SEVERITIES.map((sev) => [cadenceField(sev), s.cadence[sev] === null ? '' : String(s.cadence[sev])])),
  };
}

export function settingsView(db: Db, now: number): SettingsView {
  const settings = readPageSettings(db, now);
  return { pageName: settings.name, values: settingsFormValues(settings), cadence: cadenceRows, timeZones: ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')] };
}
