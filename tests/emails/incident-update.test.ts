import { describe, expect, it } from 'vitest';
import { renderIncidentUpdate } from '../../emails/incident-update.js';
import { INCIDENT_UPDATE, LINKS, PAGE, t } from './fixtures.js';

describe('renderIncidentUpdate', () => {
  const mail = renderIncidentUpdate(INCIDENT_UPDATE);

  it('renders exactly as before', async () => {
    expect(mail.subject).toBe('[Acme Status] Elevated error rates on the API');
    await expect(mail.html).toMatchFileSnapshot('./__snapshots__/incident-update.html');
    await expect(mail.text).toMatchFileSnapshot('./__snapshots__/incident-update.txt');
  });

  it('keeps the subject the same whatever the status, so the updates thread', () => {
    const resolved = renderIncidentUpdate({ ...INCIDENT_UPDATE, update: { ...INCIDENT_UPDATE.update, status: 'resolved' } });
    expect(resolved.subject).toBe(mail.subject);
    expect(resolved.text).toContain('Incident update: Resolved');
    expect(resolved.text).not.toContain('Identified');
  });

  it('states status, severity, impact and reference', () => {
    expect(mail.text).toContain(
      'Status:    Identified\nSeverity:  SEV2 · Major\nImpact:    Major\nReference: INC-20261122-001\nPosted:    Nov 22, 2026, 14:05 GMT+1',
    );
  });

  it('leaves severity out when the incident has none', () => {
    const none = renderIncidentUpdate({ ...INCIDENT_UPDATE, incident: { ...INCIDENT_UPDATE.incident, severity: null } });
    expect(none.text).not.toContain('Severity');
    expect(none.html).not.toContain('Severity');
  });

  it('lists each affected component with its new status, in words and colour', () => {
    expect(mail.text).toContain('Affected components:\n- API: Partial outage\n- Dashboard: Degraded performance');
    expect(mail.html).toContain('API — <span style="color:#e06c00;font-weight:600;">Partial outage</span>');
  });

  it('leaves the component list out when none is named', () => {
    const none = renderIncidentUpdate({ ...INCIDENT_UPDATE, components: [] });
    expect(none.text).not.toContain('Affected components');
  });

  it('carries the message in both forms', () => {
    expect(mail.html).toContain(INCIDENT_UPDATE.update.message.bodyHtml);
    expect(mail.text).toContain(INCIDENT_UPDATE.update.message.bodyText);
  });

  it('shows the update time in the page zone, across a DST change', () => {
    const at = (iso: string, timeZone: string): string =>
      renderIncidentUpdate({ ...INCIDENT_UPDATE, page: { ...PAGE, timeZone }, update: { ...INCIDENT_UPDATE.update, at: t(iso) } }).text;
    // Berlin springs forward at 01:00 UTC on 29 March 2026 (02:00 CET → 03:00 CEST).
    expect(at('2026-03-29T00:30:00Z', 'Europe/Berlin')).toContain('Posted:    Mar 29, 2026, 01:30 GMT+1');
    expect(at('2026-03-29T01:30:00Z', 'Europe/Berlin')).toContain('Posted:    Mar 29, 2026, 03:30 GMT+2');
    // And falls back at 01:00 UTC on 25 October 2026: 02:30 happens twice, told apart by the offset.
    expect(at('2026-10-25T00:30:00Z', 'Europe/Berlin')).toContain('Posted:    Oct 25, 2026, 02:30 GMT+2');
    expect(at('2026-10-25T01:30:00Z', 'Europe/Berlin')).toContain('Posted:    Oct 25, 2026, 02:30 GMT+1');
    expect(at('2026-03-29T00:30:00Z', 'America/New_York')).toContain('Posted:    Mar 28, 2026, 20:30 EDT');
  });

  it('links to the incident and to the subscription in the text version', () => {
    expect(mail.text).toContain(`View the incident:\n${INCIDENT_UPDATE.incident.url}`);
    expect(mail.text).toContain(`Manage your subscription: ${LINKS.manageUrl}`);
    expect(mail.text).toContain(`Unsubscribe: ${LINKS.unsubscribeUrl}`);
  });
});
