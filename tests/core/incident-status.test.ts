import { describe, expect, it } from 'vitest';
import {
  EVENT_KINDS,
  EVENT_STATUS_LABELS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  isClosedStatus,
  isIncidentStatus,
  isMaintenanceStatus,
  statusesFor,
  type EventStatus,
} from '../../src/core/incident-status.js';

const ALL_EVENT_STATUSES: readonly EventStatus[] = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES];

describe('status tuples', () => {
  it('incident statuses are in lifecycle order, postmortem last', () => {
    expect(INCIDENT_STATUSES).toEqual(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
  });

  it('maintenance statuses are in lifecycle order', () => {
    expect(MAINTENANCE_STATUSES).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
  });

  it('event kinds are incident and maintenance', () => {
    expect(EVENT_KINDS).toEqual(['incident', 'maintenance']);
  });

  it('incident and maintenance statuses do not overlap', () => {
    const overlap = INCIDENT_STATUSES.filter((s) => (MAINTENANCE_STATUSES as readonly string[]).includes(s));
    expect(overlap).toEqual([]);
  });
});

describe('EVENT_STATUS_LABELS', () => {
  it.each(ALL_EVENT_STATUSES)('%s has a non-empty label', (status) => {
    expect(EVENT_STATUS_LABELS[status].trim()).not.toBe('');
  });

  it('covers exactly the incident and maintenance statuses with distinct labels', () => {
    expect(Object.keys(EVENT_STATUS_LABELS).sort()).toEqual([...ALL_EVENT_STATUSES].sort());
    expect(new Set(Object.values(EVENT_STATUS_LABELS)).size).toBe(ALL_EVENT_STATUSES.length);
  });
});

const JUNK: readonly [string, unknown][] = [
  ['empty', ''],
  ['capitalised', 'Investigating'],
  ['upper case', 'RESOLVED'],
  ['leading space', ' monitoring'],
  ['hyphen instead of underscore', 'in-progress'],
  ['label', 'In progress'],
  ['component status', 'major_outage'],
  ['prototype key', 'toString'],
  ['null', null],
  ['undefined', undefined],
  ['number', 3],
  ['array', ['resolved']],
  ['object', {}],
];

describe('isIncidentStatus', () => {
  it.each(INCIDENT_STATUSES)('accepts %s', (s) => expect(isIncidentStatus(s)).toBe(true));
  it.each(MAINTENANCE_STATUSES)('rejects maintenance status %s', (s) => expect(isIncidentStatus(s)).toBe(false));
  it.each(JUNK)('rejects %s', (_n, v) => expect(isIncidentStatus(v)).toBe(false));
});

describe('isMaintenanceStatus', () => {
  it.each(MAINTENANCE_STATUSES)('accepts %s', (s) => expect(isMaintenanceStatus(s)).toBe(true));
  it.each(INCIDENT_STATUSES)('rejects incident status %s', (s) => expect(isMaintenanceStatus(s)).toBe(false));
  it.each(JUNK)('rejects %s', (_n, v) => expect(isMaintenanceStatus(v)).toBe(false));
});

describe('statusesFor', () => {
  it('incident → the incident statuses', () => {
    expect(statusesFor('incident')).toEqual(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
  });
  it('maintenance → the maintenance statuses', () => {
    expect(statusesFor('maintenance')).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
  });
});

describe('isClosedStatus', () => {
  it.each<[EventStatus, boolean]>([
    ['investigating', false],
    ['identified', false],
    ['monitoring', false],
    ['resolved', true],
    ['postmortem', true],
    ['scheduled', false],
    ['in_progress', false],
    ['verifying', false],
    ['completed', true],
  ])('%s → %s', (status, closed) => {
    expect(isClosedStatus(status)).toBe(closed);
  });
});
