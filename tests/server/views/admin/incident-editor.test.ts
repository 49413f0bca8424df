import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../../../src/core/cadence.js';
import type { IncidentStatus } from '../../../../src/core/incident-status.js';
import { updatePageSettings } from '../../../../src/server/write/settings.js';
import { publishPostmortem } from '../../../../src/server/write/postmortem.js';
import {
  editorChoices,
  impactOptions,
  incidentEditorView,
  placeholderValues,
  newIncidentFormValues,
  severityOptions,
  templatePrefill,
} from '../../../../src/server/views/admin/incident-editor.js';
import { SYSTEM } from '../../../../src/server/audit.js';
import { findTemplateByKey, listTemplates } from '../../../../src/server/templates/store.js';
import { deleteTemplate, updateTemplate } from '../../../../src/server/use-cases/templates.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let api: string;
let web: string;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  const backend = group(t.db, 'backend', 'Backend', T0, 1);
  api = component(t.db, 'api', 'API', T0, { groupId: backend, position: 1 });
  web = component(t.db, 'web', 'Website', T0, { position: 2, status: 'degraded_performance' });
});
afterEach(() => t.dispose());

function incidentAt(status: IncidentStatus): string {
  return incident(t.db, { title: `At ${status}`, severity: 'SEV2', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status, body: 'x' }] }).id;
}

const allowedOf = (id: string): Record<string, boolean> =>
  Object.fromEntries(incidentEditorView(t.db, id, NOW)!.nextStatuses.map((s) => [s.value, s.allowed]));

describe('incidentEditorView', () => {
  it('from investigating: every update status allowed; postmortem never offered', () => {
    const view = incidentEditorView(t.db, incidentAt('investigating'), NOW)!;
    expect(view.status).toBe('investigating');
    expect(view.nextStatuses.map((s) => s.value)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(view.nextStatuses.map((s) => s.label)).toEqual(['Investigating', 'Identified', 'Monitoring', 'Resolved']);
    expect(view.nextStatuses.every((s) => s.allowed && s.reason === null)).toBe(true);
  });

  it('from identified: back to investigating refused with the reason; the rest allowed', () => {
    const view = incidentEditorView(t.db, incidentAt('identified'), NOW)!;
    expect(allowedOf(view.record.id)).toEqual({ investigating: false, identified: true, monitoring: true, resolved: true });
    expect(view.nextStatuses.find((s) => s.value === 'investigating')!.reason).toBe(
      'An incident cannot go back from Identified to Investigating; only Monitoring may step back.',
    );
  });

  it('from monitoring: may step back to investigating or identified', () => {
    expect(allowedOf(incidentAt('monitoring'))).toEqual({ investigating: true, identified: true, monitoring: true, resolved: true });
  });

  it('from resolved: only further resolved updates', () => {
    const view = incidentEditorView(t.db, incidentAt('resolved'), NOW)!;
    expect(allowedOf(view.record.id)).toEqual({ investigating: false, identified: false, monitoring: false, resolved: true });
    expect(view.nextStatuses.find((s) => s.value === 'monitoring')!.reason).toBe(
      'This incident is resolved; it cannot go back to Monitoring. Open a new incident if the problem is back.',
    );
  });

  it('with a published postmortem: nothing allowed', () => {
    const id = incidentAt('resolved');
    publishPostmortem(t.db, id, 'What happened.', NOW - MINUTE);
    const view = incidentEditorView(t.db, id, NOW)!;
    expect(view.status).toBe('postmortem');
    expect(view.nextStatuses.every((s) => !s.allowed)).toBe(true);
  });

  it('carries the event view: title, reference, newest update first', () => {
    const id = incident(t.db, {
      title: 'API errors',
      severity: 'SEV1',
      startedAt: NOW - HOUR,
      steps: [
        { at: NOW - HOUR, status: 'investigating', body: 'first', set: { [api]: 'major_outage' } },
        { at: NOW - 30 * MINUTE, status: 'identified', body: 'second' },
      ],
    }).id;
    const view = incidentEditorView(t.db, id, NOW)!;
    expect(view.event.title).toBe('API errors');
    expect(view.event.href).toBe(`/incidents/${id}`);
    expect(view.event.updates.map((u) => u.status)).toEqual(['identified', 'investigating']);
    expect(view.status).toBe('identified');
  });

  it('is null for an unknown id and for a maintenance id', () => {
    expect(incidentEditorView(t.db, 'nosuchincid0', NOW)).toBeNull();
    const mnt = maintenance(t.db, {
      title: 'Upgrade',
      scheduledFor: NOW + DAY,
      scheduledUntil: NOW + DAY + HOUR,
      componentIds: [api],
      steps: [{ at: NOW - HOUR, status: 'scheduled', body: 'Planned.' }],
    });
    expect(incidentEditorView(t.db, mnt.id, NOW)).toBeNull();
    expect(incidentEditorView(t.db, mnt.reference, NOW)).toBeNull();
  });
});

describe('editorChoices', () => {
  it('offers leaf components only, with their group and current status, the five statuses, and the four templates', () => {
    const c = editorChoices(t.db, 'incident', NOW);
    expect(c.components).toEqual([
      { id: api, name: 'API', groupName: 'Backend', status: 'operational', statusLabel: 'Operational' },
      { id: web, name: 'Website', groupName: null, status: 'degraded_performance', statusLabel: 'Degraded performance' },
    ]);
    expect(c.componentStatuses.map((s) => s.value)).toEqual(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
    expect(c.templates).toEqual([
      { value: 'investigating', label: 'Investigating' },
      { value: 'identified', label: 'Identified' },
      { value: 'monitoring', label: 'Monitoring' },
      { value: 'resolved', label: 'Resolved' },
    ]);
  });

  it('offers severities with their cadence, and impacts without maintenance', () => {
    const options = severityOptions(DEFAULT_CADENCE);
    expect(options.map((s) => s.value)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(options[0]!.definition).toContain('Update every 30 min.');
    expect(options[3]!.definition).toContain('No fixed update cadence.');
    expect(impactOptions.map((i) => i.value)).toEqual(['', 'none', 'minor', 'major', 'critical']);
  });

  it('states the configured cadence in the severity help, not the default one', () => {
    const options = severityOptions({ SEV1: 15, SEV2: null, SEV3: 240, SEV4: 1440 });
    expect(options.map((s) => s.definition.replace(/^.*\. (?=Update|No fixed)/, ''))).toEqual([
      'Update every 15 min.',
      'No fixed update cadence.',
      'Update every 4 h.',
      'Update every 1 d.',
    ]);
  });
});

describe('placeholderValues', () => {
  it('names the changed components, else the affected ones; dates in the page zone; no next update without a cadence', () => {
    page(t.db, 'Acme Status', 'America/New_York', T0);
    expect(placeholderValues(t.db, [web, api], [], 'SEV3', NOW - 90 * MINUTE, NOW)).toEqual({
      components: 'API and Website',
      started_at: 'Nov 22, 2026, 08:30 EST',
      duration: '1 h 30 min',
      next_update: 'Nov 22, 2026, 12:00 EST',
      starts_at: '',
      ends_at: '',
    });
    expect(placeholderValues(t.db, [], ['Search', 'Email', 'SMS'], 'SEV4', NOW, NOW)).toEqual({
      components: 'Search, Email and SMS',
      started_at: 'Nov 22, 2026, 10:00 EST',
      duration: 'less than a minute',
      next_update: '',
      starts_at: '',
      ends_at: '',
    });
  });

  it('gives a maintenance window its start and end', () => {
    const values = placeholderValues(t.db, [api], [], null, NOW, NOW, { from: NOW + HOUR, until: NOW + 3 * HOUR });
    expect(values).toMatchObject({ components: 'API', starts_at: 'Nov 22, 2026, 16:00 UTC', ends_at: 'Nov 22, 2026, 18:00 UTC', next_update: '' });
  });
});

describe('placeholderValues with a configured cadence', () => {
  it('dates {{next_update}} by the page’s cadence for the severity', () => {
    updatePageSettings(t.db, { cadence: { ...DEFAULT_CADENCE, SEV3: 15, SEV4: 60 } }, T0);
    expect(placeholderValues(t.db, [api], [], 'SEV3', NOW, NOW).next_update).toBe('Nov 22, 2026, 15:15 UTC');
    expect(placeholderValues(t.db, [api], [], 'SEV4', NOW, NOW).next_update).toBe('Nov 22, 2026, 16:00 UTC');
  });
});

describe('templatePrefill', () => {
  it('gives a stored template’s title, body and status by its key, or null', () => {
    expect(templatePrefill(t.db, 'incident', 'identified', NOW)).toEqual({
      title: 'Problems with {{components}}',
      message: 'We have found the cause of the problems with {{components}} and are working on a fix. Next update by {{next_update}}.',
      status: 'identified',
    });
    expect(templatePrefill(t.db, 'incident', null, NOW)).toBeNull();
    expect(templatePrefill(t.db, 'incident', 'nope', NOW)).toBeNull();
    // Keys are per kind: a maintenance template is not offered to an incident.
    expect(templatePrefill(t.db, 'incident', 'in-progress', NOW)).toBeNull();
    expect(templatePrefill(t.db, 'maintenance', 'in-progress', NOW)?.status).toBe('in_progress');
  });

  it('follows edits: a renamed template answers to its new key', () => {
    const stored = findTemplateByKey(t.db, 'incident', 'identified', NOW)!;
    updateTemplate(t.db, stored.id, { ...stored, name: 'Cause found', body: 'We know why {{components}} fails.' }, SYSTEM, NOW);
    expect(templatePrefill(t.db, 'incident', 'identified', NOW)).toBeNull();
    expect(templatePrefill(t.db, 'incident', 'cause-found', NOW)?.message).toBe('We know why {{components}} fails.');
    expect(editorChoices(t.db, 'incident', NOW).templates.map((o) => o.value)).toEqual(['investigating', 'cause-found', 'monitoring', 'resolved']);
  });
});

describe('newIncidentFormValues', () => {
  it('starts from the chosen template, else the first Investigating one, severity SEV2, notifying', () => {
    expect(newIncidentFormValues(t.db, 'monitoring', NOW)).toMatchObject({ status: 'monitoring', title: 'Problems with {{components}}', severity: 'SEV2', notify: 'on' });
    const fresh = newIncidentFormValues(t.db, null, NOW);
    expect(fresh.status).toBe('investigating');
    expect(fresh.message).toMatch(/^We are investigating reports of problems with \{\{components\}\}/);
    expect(newIncidentFormValues(t.db, 'no-such-template', NOW)).toEqual(fresh);
  });

  it('is blank (and still investigating) once every Investigating template is gone', () => {
    for (const tpl of listTemplates(t.db, 'incident', NOW).filter((x) => x.status === 'investigating')) deleteTemplate(t.db, tpl.id, SYSTEM, NOW);
    expect(newIncidentFormValues(t.db, null, NOW)).toEqual({ title: '', message: '', status: 'investigating', severity: 'SEV2', notify: 'on' });
  });
});
