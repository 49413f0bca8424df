import { describe, expect, it } from 'vitest';
import { deriveEventStatus } from '../../src/core/event-status.js';

describe('deriveEventStatus', () => {
  it.each([
    ['incident', null, false, 'investigating'],
    ['maintenance', null, false, 'scheduled'],
    ['incident', 'identified', false, 'identified'],
    ['incident', 'resolved', false, 'resolved'],
    // A published postmortem turns a resolved incident into "postmortem"...
    ['incident', 'resolved', true, 'postmortem'],
    // ...but never an open one (publishing requires resolved; this guards stale data).
    ['incident', 'monitoring', true, 'monitoring'],
    ['maintenance', 'in_progress', false, 'in_progress'],
    ['maintenance', 'completed', true, 'completed'],
  ] as const)('%s with newest update %s and postmortem=%s reads as %s', (kind, newest, published, expected) => {
    expect(deriveEventStatus(kind, newest, published)).toBe(expected);
  });
});
