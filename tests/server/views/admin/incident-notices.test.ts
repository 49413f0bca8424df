import { describe, expect, it } from 'vitest';
import { incidentNotice } from '../../../../src/server/views/admin/incident-notices.js';

describe('incidentNotice', () => {
  it.each([
    ['published=1', 'Published. It is on the public page now.'],
    ['recorded=1', 'Recorded. The incident is in the history and the uptime bars at the times you gave; subscribers were not notified.'],
    ['edited=1', 'Update saved. Subscribers were not notified again.'],
    ['edited=0', 'Nothing changed: the update already said that.'],
    ['postmortem=draft', 'Postmortem draft saved. It is not public yet.'],
    ['postmortem=published', 'Postmortem published on the public incident page.'],
  ])('confirms ?%s', (query, text) => {
    expect(incidentNotice(new URLSearchParams(query))).toBe(text);
  });

  it('says nothing without (or with an unknown) confirmation', () => {
    expect(incidentNotice(new URLSearchParams(''))).toBeNull();
    expect(incidentNotice(new URLSearchParams('postmortem=maybe&template=resolved'))).toBeNull();
  });
});
