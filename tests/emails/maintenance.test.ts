import { describe, expect, it } from 'vitest';
import { formatWindow, renderMaintenance } from '../../emails/maintenance.js';
import type { MaintenanceStatus } from '../../src/core/incident-status.js';
import { MAINTENANCE, t } from './fixtures.js';

const phase = (status: MaintenanceStatus, at: string): ReturnType<typeof renderMaintenance> =>
  renderMaintenance({ ...MAINTENANCE, update: { ...MAINTENANCE.update, status, at: t(at) } });

describe('renderMaintenance', () => {
  const scheduled = renderMaintenance(MAINTENANCE);
  const starting = phase('in_progress', '2026-12-01T22:00:00Z');
  const completed = phase('completed', '2026-12-02T00:10:00Z');

  it.each<[string, ReturnType<typeof renderMaintenance>]>([
    ['scheduled', scheduled],
    ['starting', starting],
    ['completed', completed],
  ])('renders the %s mail exactly as before', async (name, mail) => {
    expect(mail.subject).toBe('[Acme Status] Database upgrade');
    await expect(mail.html).toMatchFileSnapshot(`./__snapshots__/maintenance-${name}.html`);
    await expect(mail.text).toMatchFileSnapshot(`./__snapshots__/maintenance-${name}.txt`);
  });

  it('says which phase it announces', () => {
    expect(scheduled.text).toContain('Maintenance scheduled\n\nDatabase upgrade');
    expect(starting.text).toContain('Maintenance in progress\n\nDatabase upgrade');
    expect(completed.text).toContain('Maintenance completed\n\nDatabase upgrade');
    expect(phase('verifying', '2026-12-02T00:00:00Z').text).toContain('Maintenance: verifying');
  });

  it('shows the window in the page zone with its length', () => {
    expect(scheduled.text).toContain('Window:    Dec 1, 2026, 23:00 GMT+1 – Dec 2, 2026, 01:30 GMT+1 (2 h 30 min)');
  });

  it('lists the components and links to the maintenance', () => {
    expect(scheduled.text).toContain('Components affected:\n- API\n- Dashboard');
    expect(scheduled.text).toContain(`View the maintenance:\n${MAINTENANCE.maintenance.url}`);
  });
});

describe('formatWindow', () => {
  it('gives each end its own offset when the window spans a DST change', () => {
    // 01:00–05:00 local on 29 March 2026 in Berlin is three hours long: 02:00–03:00 does not exist.
    expect(formatWindow(t('2026-03-29T00:00:00Z'), t('2026-03-29T03:00:00Z'), 'Europe/Berlin')).toBe(
      'Mar 29, 2026, 01:00 GMT+1 – Mar 29, 2026, 05:00 GMT+2 (3 h)',
    );
  });
});
