import { describe, expect, it } from 'vitest';
import {
  CONFIRM_TOKEN_HOURS,
  isSubscriberState,
  SUBSCRIBER_STATE_LABELS,
  SUBSCRIBER_STATES,
  UNCONFIRMED_RETENTION_DAYS,
} from '../../src/core/subscriber-state.js';

describe('subscriber states', () => {
  it('lists the life cycle in order, each with a label', () => {
    expect(SUBSCRIBER_STATES).toEqual(['unconfirmed', 'active', 'unsubscribed', 'quarantined']);
    expect(Object.keys(SUBSCRIBER_STATE_LABELS).sort()).toEqual([...SUBSCRIBER_STATES].sort());
    expect(SUBSCRIBER_STATE_LABELS).toEqual({ unconfirmed: 'Unconfirmed', active: 'Active', unsubscribed: 'Unsubscribed', quarantined: 'Quarantined' });
  });

  it('recognises exactly the states, case-sensitively', () => {
    for (const state of SUBSCRIBER_STATES) expect(isSubscriberState(state)).toBe(true);
    for (const other of ['Active', 'ACTIVE', '', 'deleted', 'pending', ' active', null, undefined, 1, {}, ['active']]) {
      expect(isSubscriberState(other)).toBe(false);
    }
  });

  it('keeps unconfirmed addresses a week and confirmation links two days', () => {
    expect(UNCONFIRMED_RETENTION_DAYS).toBe(7);
    expect(CONFIRM_TOKEN_HOURS).toBe(48);
    // A link must never outlive the address it confirms.
    expect(CONFIRM_TOKEN_HOURS).toBeLessThan(UNCONFIRMED_RETENTION_DAYS * 24);
  });
});
