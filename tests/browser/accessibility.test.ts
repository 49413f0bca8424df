import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '../../db/client.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { horizontalOverflow, seriousViolations } from '../helpers/axe.js';
import { browserAvailable, useChromium } from '../helpers/browser.js';
import { PEOPLE, preparePeople } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { siteMapOf, type SiteMap } from '../helpers/site-map.js';

const enabled = browserAvailable();
const PHONE = { width: 390, height: 844 } as const;
const DESKTOP = { width: 1280, height: 900 } as const;

/**
 * Every page, public and admin, checked in one Chromium with one tab per audience: axe-core finds
 * no serious or critical WCAG 2.2 AA violation in the light or the dark scheme, and at 390 px
 * nothing is wider than the screen.
 */
describe.runIf(enabled)('every page is accessible, light and dark, and fits a phone', () => {
  const people = preparePeople();
  const fixture = serveFixture<SiteMap>((path, now) => {
    const h = openDatabase(path);
    seedDemo(h.db, now);
    people(h.db, now, ['owner']);
    const map = siteMapOf(h.db, now);
    h.close();
    return map;
  });
  const chromium = useChromium();

  /**
   * Opens `path` and reports its violations: light on a 390 px phone (where targets are smallest
   * and overflow shows), dark on a desktop; and any width beyond the phone's.
   */
  async function audit(page: Page, path: string): Promise<string[]> {
    const problems: string[] = [];
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: 'light' });
    const response = await page.goto(`${fixture.server().url}${path}`);
    const status = response?.status() ?? 0;
    if (status >= 500) problems.push(`${path}: HTTP ${status}`);
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) problems.push(`${path}: ${overflow} px wider than a 390 px phone`);
    for (const v of await seriousViolations(page)) problems.push(`${path} [light, phone] ${v}`);
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const v of await seriousViolations(page)) problems.push(`${path} [dark, desktop] ${v}`);
    return problems;
  }

  async function signedIn(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${fixture.server().url}/admin/login`);
    await page.getByLabel('Email').fill(PEOPLE.owner.email);
    await page.getByLabel('Password').fill(PEOPLE.owner.password);
    await Promise.all([page.waitForURL(/\/admin$/, { timeout: 15_000 }), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  it('public pages', { timeout: 180_000 }, async () => {
    const context = await chromium().newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const path of fixture.data().public) problems.push(...(await audit(page, path)));
    await context.close();
    expect(problems).toEqual([]);
  });

  it('admin pages, and the sign-in form', { timeout: 240_000 }, async () => {
    const context = await chromium().newContext({ viewport: DESKTOP });
    const problems: string[] = [];
    const anonymous = await context.newPage();
    problems.push(...(await audit(anonymous, '/admin/login')));
    await anonymous.close();
    const page = await signedIn(context);
    for (const path of fixture.data().admin) problems.push(...(await audit(page, path)));
    await context.close();
    expect(problems).toEqual([]);
  });

  it('the admin works one-handed on a phone: the nav wraps, forms are full width, inputs are not bold', async () => {
    const context = await chromium().newContext({ viewport: PHONE });
    const page = await signedIn(context);
    await page.goto(`${fixture.server().url}/admin/incidents/new`);
    // Every nav entry, Sign out included, is inside the screen.
    const nav = page.getByRole('navigation', { name: 'Admin' });
    for (const item of await nav.locator('a, button').all()) {
      const box = (await item.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    // The title field spans the form: nearly the screen, less the page and card padding.
    const title = (await page.locator('input[name="title"]').boundingBox())!;
    expect(title.width).toBeGreaterThan(PHONE.width - 80);
    expect(await page.locator('input[name="title"]').evaluate((i) => getComputedStyle(i).fontWeight)).toBe('400');
    expect(await page.locator('textarea[name="message"]').evaluate((i) => getComputedStyle(i).fontWeight)).toBe('400');
    await context.close();
  });
});
