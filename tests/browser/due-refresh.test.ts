import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createUser } from '../../src/server/auth/users.js';
import { postIncidentUpdate } from '../../src/server/use-cases/incidents.js';
import { withDb } from '../helpers/admin-pages.js';
import { browserAvailable, useChromium } from '../helpers/browser.js';
import { component, DAY, HOUR, incident, page as pageSettings } from '../helpers/fixtures.js';
import { serveFixture } from '../helpers/server.js';

const EMAIL = 'dana@example.com';
const PASSWORD = 'editor passphrase for the dashboard';

describe.runIf(browserAvailable())('the dashboard keeps its due and overdue state current, in Chromium', () => {
  const fixture = serveFixture(async (path, now) => {
    const h = openDatabase(path);
    pageSettings(h.db, 'Due', 'UTC', now - DAY);
    const api = component(h.db, 'api', 'API', now - DAY);
    // SEV2 asks for an update every 30 minutes; the last one was an hour ago.
    const { id } = incident(h.db, { title: 'API errors', severity: 'SEV2', startedAt: now - HOUR, componentIds: [api], steps: [{ at: now - HOUR, status: 'investigating', body: 'Looking.' }] });
    await createUser(h.db, { email: EMAIL, name: 'Dana', role: 'editor', password: PASSWORD }, SYSTEM, now);
    h.close();
    return { path, id };
  });
  const chromium = useChromium();

  it('turns "overdue" into "due in" once an update is posted elsewhere, without a reload', async () => {
    const context = await chromium().newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.clock.install();
    await page.goto(`${fixture.server().url}/admin/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/admin$/, { timeout: 15_000 }), page.getByRole('button', { name: 'Sign in' }).click()]);
    const row = page.locator(`tr[data-event="${fixture.data().id}"]`);
    const due = row.locator('[data-due-for]');
    expect(await due.innerText()).toMatch(/^⚠ overdue by 3\d min$/);
    expect(await row.getAttribute('data-overdue')).toBe('true');

    // Someone else posts the update; the page is not reloaded.
    withDb(fixture.data().path, (db) => postIncidentUpdate(db, fixture.data().id, { status: 'identified', message: 'Found it.', notify: false, changes: [] }, SYSTEM, Date.now()));
    let loads = 0;
    page.on('load', () => loads++);
    await page.clock.runFor(31_000);
    await expect.poll(() => due.innerText(), { timeout: 5_000 }).toMatch(/^due in (29|30) min$/);
    expect(await row.getAttribute('data-overdue')).toBeNull();
    expect(loads).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
