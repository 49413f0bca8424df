import { describe, expect, it } from 'vitest';
import { renderConfirmSubscription } from '../../emails/confirm-subscription.js';
import { CONFIRM, LINKS } from './fixtures.js';

describe('renderConfirmSubscription', () => {
  const mail = renderConfirmSubscription(CONFIRM);

  it('renders exactly as before', async () => {
    expect(mail.subject).toBe('[Acme Status] Confirm your subscription');
    await expect(mail.html).toMatchFileSnapshot('./__snapshots__/confirm-subscription.html');
    await expect(mail.text).toMatchFileSnapshot('./__snapshots__/confirm-subscription.txt');
  });

  it('carries the confirm link in both versions', () => {
    expect(mail.text).toContain(`Confirm subscription:\n${CONFIRM.confirmUrl}`);
    expect(mail.html).toContain(`href="${CONFIRM.confirmUrl}"`);
  });

  it('names what was chosen', () => {
    expect(mail.text).toContain('You asked to hear about:\n- API\n- Dashboard');
  });

  it('says "all components" includes later ones', () => {
    const all = renderConfirmSubscription({ ...CONFIRM, components: 'all' });
    expect(all.text).toContain('- All components, including ones added later');
    expect(all.text).not.toContain('- API');
  });

  it('states the 48-hour expiry as a time in the page zone', () => {
    // 13:05 UTC is 14:05 in Berlin in November (CET, UTC+1).
    expect(mail.text).toContain('The link works for 48 hours, until Nov 24, 2026, 14:05 GMT+1.');
  });

  it('tells someone who did not ask to ignore it', () => {
    expect(mail.text).toContain("If this wasn't you, ignore this mail");
    expect(mail.html).toContain('If this wasn&#39;t you, ignore this mail');
  });

  it('has no manage or unsubscribe links unless given, and shows them when given', () => {
    expect(mail.text).not.toContain('Unsubscribe');
    const withLinks = renderConfirmSubscription({ ...CONFIRM, links: LINKS });
    expect(withLinks.text).toContain(`Unsubscribe: ${LINKS.unsubscribeUrl}`);
    expect(withLinks.text).toContain(`Manage your subscription: ${LINKS.manageUrl}`);
  });
});
