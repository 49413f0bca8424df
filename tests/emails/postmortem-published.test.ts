import { describe, expect, it } from 'vitest';
import { renderIncidentUpdate } from '../../emails/incident-update.js';
import { renderPostmortemPublished } from '../../emails/postmortem-published.js';
import { INCIDENT_UPDATE, POSTMORTEM } from './fixtures.js';

describe('renderPostmortemPublished', () => {
  const mail = renderPostmortemPublished(POSTMORTEM);

  it('renders exactly as before', async () => {
    await expect(mail.html).toMatchFileSnapshot('./__snapshots__/postmortem-published.html');
    await expect(mail.text).toMatchFileSnapshot('./__snapshots__/postmortem-published.txt');
  });

  it('threads with the incident: same subject as its updates', () => {
    expect(mail.subject).toBe(renderIncidentUpdate(INCIDENT_UPDATE).subject);
  });

  it('carries the whole postmortem, the publication time in the page zone and the link', () => {
    expect(mail.html).toContain(POSTMORTEM.postmortem.body.bodyHtml);
    expect(mail.text).toContain(POSTMORTEM.postmortem.body.bodyText);
    expect(mail.text).toContain('Published: Nov 25, 2026, 11:00 GMT+1');
    expect(mail.text).toContain(`Read it on the status page:\n${POSTMORTEM.incident.url}`);
  });
});
