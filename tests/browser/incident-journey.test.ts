import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { ARTIFACTS, browserAvailable, useChromium } from '../helpers/browser.js';
import { component, DAY, page as pageSettings } from '../helpers/fixtures.js';
import { serveFixture } from '../helpers/server.js';

const enabled = browserAvailable();
const EMAIL = 'eddie@example.com';
const PASSWORD = 'editor passphrase for the journey';

describe.runIf(enabled)('an incident from first report to resolution, in Chromium', () => {
  const ids = {} as Record<'search' | 'email' | 'sms', string>;
  const fixture = serveFixture(async (path, now) => {
    const h = openDatabase(path);
    pageSettings(h.db, 'Journey Status', 'UTC', now - DAY);
    ids.search = component(h.db, 'search', 'Search', now - DAY, { position: 1 });
    ids.email = component(h.db, 'email', 'Email', now - DAY, { position: 2 });
    ids.sms = component(h.db, 'sms', 'SMS', now - DAY, { position: 3 });
    await createUser(h.db, { email: EMAIL, name: 'Eddie Editor', role: 'editor', password: PASSWORD }, SYSTEM, now);
    h.close();
  });
  const chromium = useChromium();

  /** The status each component shows on the public front page. */
  async function publicStatuses(p: Page): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    for (const slug of ['search', 'email', 'sms']) out[slug] = await p.locator(`[data-component="${slug}"] .status`).first().getAttribute('data-status');
    return out;
  }

  async function timelineStatuses(p: Page): Promise<(string | null)[]> {
    const items = p.locator('ol.timeline > li');
    const n = await items.count();
    const out: (string | null)[] = [];
    for (let i = 0; i < n; i++) out.push(await items.nth(i).getAttribute('data-status'));
    return out;
  }

  it('signs in, opens an incident from the Investigating template on two components, posts Identified, then Resolved', async () => {
    const context = await chromium().newContext({ viewport: { width: 1100, height: 900 } });
    const admin = await context.newPage();
    const pub = await context.newPage();
    const errors: string[] = [];
    for (const p of [admin, pub]) {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    }

    // The comms lead's journey, timed and counted from opening the sign-in page to seeing the
    // incident on the public page: every click and every field touched goes through these two.
    let clicks = 0;
    let fields = 0;
    const click = (l: Locator): Promise<void> => (clicks++, l.click());
    const fill = (l: Locator, value: string): Promise<void> => (fields++, l.fill(value));
    const choose = async (l: Locator, value: string): Promise<void> => {
      fields++;
      await l.selectOption(value);
    };
    const started = performance.now();
    await admin.goto(`${fixture.server().url}/admin/login`);
    await fill(admin.getByLabel('Email'), EMAIL);
    await fill(admin.getByLabel('Password'), PASSWORD);
    await Promise.all([admin.waitForURL(`${fixture.server().url}/admin`), click(admin.getByRole('button', { name: 'Sign in' }))]);

    await Promise.all([admin.waitForURL(`${fixture.server().url}/admin/incidents/new`), click(admin.getByRole('link', { name: 'New incident' }))]);
    // The Investigating template is there already.
    expect(await admin.locator('input[name="title"]').inputValue()).toBe('Problems with {{components}}');
    expect(await admin.locator('textarea[name="message"]').inputValue()).toMatch(/^We are investigating reports of problems with \{\{components\}\}/);
    expect(await admin.locator('select[name="status"]').inputValue()).toBe('investigating');
    await choose(admin.locator('select[name="severity"]'), 'SEV1');
    await choose(admin.locator(`select[name="component:${ids.search}"]`), 'major_outage');
    await choose(admin.locator(`select[name="component:${ids.email}"]`), 'partial_outage');
    await Promise.all([admin.waitForURL(/\/admin\/incidents\/[0-9a-z]{12}\?published=1$/), click(admin.getByRole('button', { name: 'Publish' }))]);
    const published = performance.now() - started;
    // Then to the public page, through the admin's own link, where the incident is listed.
    await Promise.all([admin.waitForURL(`${fixture.server().url}/`), click(admin.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Public page' }))]);
    expect(await admin.locator('section[aria-labelledby="open-incidents"]').innerText()).toContain('Problems with Search and Email');
    const elapsed = performance.now() - started;
    console.log(
      `[journey] sign in → incident from the Investigating template on two components → on the public page: ${clicks} clicks, ${fields} fields, ${(elapsed / 1000).toFixed(2)} s (published after ${(published / 1000).toFixed(2)} s)`,
    );
    await admin.goBack();

    const incidentId = /\/admin\/incidents\/([0-9a-z]{12})/.exec(admin.url())![1]!;
    expect((await admin.getByRole('status').innerText()).trim()).toBe('Published. It is on the public page now.');
    expect((await admin.locator('h1').innerText()).trim()).toBe('Problems with Search and Email');
    await admin.screenshot({ path: `${ARTIFACTS}journey-1-published.png`, fullPage: true });

    // The public page shows it.
    await pub.goto(`${fixture.server().url}/`);
    expect(await pub.locator(`article[data-event="${incidentId}"] h3`).innerText()).toBe('Problems with Search and Email');
    expect(await publicStatuses(pub)).toEqual({ search: 'major_outage', email: 'partial_outage', sms: 'operational' });
    await pub.screenshot({ path: `${ARTIFACTS}journey-2-public-investigating.png`, fullPage: true });
    await pub.goto(`${fixture.server().url}/incidents/${incidentId}`);
    expect(await timelineStatuses(pub)).toEqual(['investigating']);
    expect(await pub.locator('ol.timeline > li').first().innerText()).toContain('We are investigating reports of problems with Search and Email since');
    await pub.screenshot({ path: `${ARTIFACTS}journey-3-incident-investigating.png`, fullPage: true });

    // Identified, from its template.
    await Promise.all([admin.waitForURL(/template=identified$/), admin.getByRole('link', { name: 'Identified', exact: true }).click()]);
    expect(await admin.locator('select[name="status"]').inputValue()).toBe('identified');
    expect(await admin.locator('textarea[name="message"]').inputValue()).toMatch(/^We have found the cause/);
    await Promise.all([admin.waitForURL(`${fixture.server().url}/admin/incidents/${incidentId}?published=1`), admin.getByRole('button', { name: 'Publish' }).click()]);
    // Investigating is no longer offered.
    expect(await admin.locator('select[name="status"] option[value="investigating"]').isDisabled()).toBe(true);
    await admin.screenshot({ path: `${ARTIFACTS}journey-4-identified.png`, fullPage: true });

    await pub.goto(`${fixture.server().url}/incidents/${incidentId}`);
    expect(await timelineStatuses(pub)).toEqual(['identified', 'investigating']);
    expect(await pub.locator('ol.timeline > li').first().innerText()).toContain('We have found the cause of the problems with Search and Email');
    await pub.goto(`${fixture.server().url}/`);
    expect(await pub.locator(`article[data-event="${incidentId}"] .pill`).innerText()).toBe('Identified');
    expect(await publicStatuses(pub)).toEqual({ search: 'major_outage', email: 'partial_outage', sms: 'operational' });

    // Resolved, with both components back to operational.
    await Promise.all([admin.waitForURL(/template=resolved$/), admin.getByRole('link', { name: 'Resolved', exact: true }).click()]);
    expect(await admin.locator('select[name="status"]').inputValue()).toBe('resolved');
    await admin.locator(`select[name="component:${ids.search}"]`).selectOption('operational');
    await admin.locator(`select[name="component:${ids.email}"]`).selectOption('operational');
    await Promise.all([admin.waitForURL(`${fixture.server().url}/admin/incidents/${incidentId}?published=1`), admin.getByRole('button', { name: 'Publish' }).click()]);
    await admin.screenshot({ path: `${ARTIFACTS}journey-5-resolved.png`, fullPage: true });

    await pub.goto(`${fixture.server().url}/`);
    expect(await pub.locator('#open-incidents').count()).toBe(0);
    expect(await publicStatuses(pub)).toEqual({ search: 'operational', email: 'operational', sms: 'operational' });
    // Still listed among the past days, as resolved.
    expect(await pub.locator(`article[data-event="${incidentId}"] .pill`).innerText()).toBe('Resolved');
    await pub.screenshot({ path: `${ARTIFACTS}journey-6-public-resolved.png`, fullPage: true });
    await pub.goto(`${fixture.server().url}/incidents/${incidentId}`);
    expect(await timelineStatuses(pub)).toEqual(['resolved', 'identified', 'investigating']);
    expect(await pub.locator('ol.timeline > li').first().innerText()).toMatch(/This incident is resolved\. Everything affected \(Search and Email\) is working normally again, after (less than a minute|\d+ min) of disruption\./);
    await pub.screenshot({ path: `${ARTIFACTS}journey-7-incident-resolved.png`, fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });
});
