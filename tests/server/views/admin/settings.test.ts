import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../../../src/core/cadence.js';
import { parseSettingsForm } from '../../../../src/server/forms/settings-form.js';
import { readPageSettings } from '../../../../src/server/settings.js';
import { cadenceRows, settingsView } from '../../../../src/server/views/admin/settings.js';
import { updatePageSettings } from '../../../../src/server/write/settings.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

describe('settingsView', () => {
  it('fills the form from the stored settings, empty for unset fields and no cadence', () => {
    updatePageSettings(t.db, { name: 'Acme', timeZone: 'Europe/Berlin', brandColor: '#112233', cadence: { ...DEFAULT_CADENCE, SEV2: 45 } }, NOW);
    expect(settingsView(t.db, NOW).values).toEqual({
      name: 'Acme',
      url: '',
      time_zone: 'Europe/Berlin',
      description: '',
      support_url: '',
      brand_color: '#112233',
      logo_url: '',
      'cadence:SEV1': '30',
      'cadence:SEV2': '45',
      'cadence:SEV3': '120',
      'cadence:SEV4': '',
    });
  });

  it('round-trips: the values it shows parse back to the stored settings', () => {
    updatePageSettings(t.db, { name: 'Acme', supportUrl: 'mailto:a@acme.example', logoUrl: '/l.svg', cadence: { SEV1: 5, SEV2: null, SEV3: 60, SEV4: 600 } }, NOW);
    const parsed = parseSettingsForm(settingsView(t.db, NOW).values);
    const { publicId: _p, createdAt: _c, updatedAt: _u, ...stored } = readPageSettings(t.db, NOW);
    expect(parsed).toEqual({ ok: true, value: stored });
  });

  it('suggests UTC first and the zones Intl knows', () => {
    const zones = settingsView(t.db, NOW).timeZones;
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.filter((z) => z === 'UTC')).toHaveLength(1);
  });

  it('labels each severity’s cadence field with its default', () => {
    expect(cadenceRows.map((r) => [r.field, r.defaultText])).toEqual([
      ['cadence:SEV1', 'default: every 30 min'],
      ['cadence:SEV2', 'default: every 30 min'],
      ['cadence:SEV3', 'default: every 2 h'],
      ['cadence:SEV4', 'default: no fixed cadence'],
    ]);
  });
});
