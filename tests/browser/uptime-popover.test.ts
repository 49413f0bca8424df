import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openDatabase } from '../../db/client.js';
import { DEMO_TIME_ZONE, seedDemo } from '../../src/server/demo/seed.js';
import { browserAvailable, useChromium } from '../helpers/browser.js';
import { serveFixture } from '../helpers/server.js';

const enabled = browserAvailable();
const DAY = 86_400_000;

/** A day as the popover prints it, `daysAgo` days before `now` in the demo page's zone. */
function dateLabel(now: number, daysAgo: number): string {
  const key = new Intl.DateTimeFormat('en-CA', { timeZone: DEMO_TIME_ZONE }).format(now);
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${key}T00:00:00Z`) - daysAgo * DAY);
}

/** The middle of day `k` (0 = the first drawn) of a chart of `n` days, in page coordinates. */
async function dayPoint(svg: Locator, k: number, n: number): Promise<{ x: number; y: number }> {
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  return { x: box.x + ((k + 0.5) / n) * box.width, y: box.y + box.height / 2 };
}

describe.runIf(enabled)('a popover for every day of the uptime bars', () => {
  const fixture = serveFixture((path, now) => {
    const h = openDatabase(path);
    seedDemo(h.db, now);
    h.close();
    return now;
  });
  const chromium = useChromium();

  async function home(page: Page): Promise<{ svg: Locator; popover: Locator }> {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fixture.server().url}/`);
    expect(errors).toEqual([]);
    return { svg: page.locator('[data-component="email"] .bars svg'), popover: page.locator('#day-popover') };
  }

  it('opens by mouse: the date, the uptime, the time in each kind of trouble, and links to the day’s incidents', async () => {
    const page = await chromium().newPage({ viewport: { width: 1100, height: 900 } });
    const { svg, popover } = await home(page);
    const today = await dayPoint(svg, 89, 90);
    await page.mouse.move(today.x, today.y);
    await expect.poll(() => popover.isVisible()).toBe(true);
    const text = await popover.innerText();
    expect(text).toContain(dateLabel(fixture.data(), 0));
    expect(text).toMatch(/Uptime \d+(\.\d+)?%/);
    expect(text).toMatch(/Partial outage \d/);
    // The open incident behind Email's partial outage is linked.
    const link = popover.locator('a');
    expect(await link.count()).toBeGreaterThanOrEqual(1);
    expect(await link.first().getAttribute('href')).toMatch(/^\/incidents\/[0-9a-z]{12}$/);
    // Named by its title, fetched when the popover first shows it (the page carries only ids).
    const href = (await link.first().getAttribute('href'))!;
    const title = (await page.locator(`section[aria-labelledby="open-incidents"] a[href="${href}"]`).innerText()).trim();
    await expect.poll(() => link.first().innerText()).toBe(title);

    // A quiet day, ten days back.
    const quiet = await dayPoint(svg, 79, 90);
    await page.mouse.move(quiet.x, quiet.y);
    await expect.poll(() => popover.innerText()).toContain(dateLabel(fixture.data(), 10));
    // Leaving the chart closes it.
    await page.mouse.move(5, 5);
    await expect.poll(() => popover.isVisible()).toBe(false);
    await page.close();
  });

  it('opens by keyboard: one tab stop per chart, arrows move a day, the day is read out, Escape closes', async () => {
    const page = await chromium().newPage({ viewport: { width: 1100, height: 900 } });
    const { svg, popover } = await home(page);
    expect(await svg.getAttribute('role')).toBe('slider');
    // Tab from the Email link reaches its chart next.
    await page.locator('[data-component="email"] .component-name a').focus();
    await page.keyboard.press('Tab');
    expect(await svg.evaluate((s) => s === document.activeElement)).toBe(true);
    await expect.poll(() => popover.isVisible()).toBe(true);
    expect(await popover.innerText()).toContain(dateLabel(fixture.data(), 0));
    expect(await svg.getAttribute('aria-valuenow')).toBe('90');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await popover.innerText()).toContain(dateLabel(fixture.data(), 2));
    expect(await svg.getAttribute('aria-valuenow')).toBe('88');
    expect(await svg.getAttribute('aria-valuetext')).toMatch(new RegExp(`^${dateLabel(fixture.data(), 2)}: (\\d+(\\.\\d+)?% uptime|no data)\\.`));
    await page.keyboard.press('Home');
    expect(await svg.getAttribute('aria-valuenow')).toBe('1');
    await page.keyboard.press('Escape');
    expect(await popover.isVisible()).toBe(false);
    await page.close();
  });

  it('opens by touch on a phone, which shows the last 30 days', async () => {
    const context = await chromium().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const { svg, popover } = await home(page);
    // The chart is three times as wide as its clip: 30 of its 90 days show.
    await svg.scrollIntoViewIfNeeded();
    const clip = (await svg.locator('..').boundingBox())!;
    const box = (await svg.boundingBox())!;
    expect(box.width / clip.width).toBeCloseTo(3, 1);
    expect(box.x + box.width).toBeCloseTo(clip.x + clip.width, 0);
    expect(await page.locator('[data-component="email"] .bars-legend').innerText()).toContain(dateLabel(fixture.data(), 29));
    const today = await dayPoint(svg, 89, 90);
    await page.touchscreen.tap(today.x, today.y);
    await expect.poll(() => popover.isVisible()).toBe(true);
    expect(await popover.innerText()).toContain(dateLabel(fixture.data(), 0));
    // The popover stays on the screen.
    const pop = (await popover.boundingBox())!;
    expect(pop.x).toBeGreaterThanOrEqual(0);
    expect(pop.x + pop.width).toBeLessThanOrEqual(390);
    // Tapping elsewhere closes it.
    await page.touchscreen.tap(200, pop.y + pop.height + 40 < 844 ? pop.y + pop.height + 40 : 5);
    await expect.poll(() => popover.isVisible()).toBe(false);
    await context.close();
  });

  it('without JavaScript, every day worth explaining still has its words', async () => {
    const context = await chromium().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${fixture.server().url}/`);
    const today = page.locator('[data-component="email"] .bars svg rect').last();
    expect(await today.locator('title').textContent()).toMatch(new RegExp(`^${dateLabel(fixture.data(), 0)}: partial outage`));
    expect(await page.locator('[data-component="email"] .bars svg path[data-level="operational"] title').textContent()).toMatch(/^No downtime recorded on \d+ days$/);
    await context.close();
  });
});
