import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { ARTIFACTS, browserAvailable, useChromium } from '../helpers/browser.js';
import { serveFixture } from '../helpers/server.js';

const enabled = browserAvailable();

/** Days a bar chart draws: the quiet days its run paths count, plus one `<rect>` per other day. */
async function daysDrawn(svg: Locator): Promise<number> {
  const runs = await svg.locator('path').evaluateAll((paths) => paths.reduce((n, p) => n + Number(p.getAttribute('data-days')), 0));
  return runs + (await svg.locator('rect').count());
}

describe.runIf(enabled)('the demo page in Chromium', () => {
  const fixture = serveFixture(async (path, now) => {
    const handle = openDatabase(path);
    seedDemo(handle.db, now);
    handle.close();
  });
  const chromium = useChromium();

  it('shows the banner, components with 90 bars, and links to a working incident page', async () => {
    const page = await chromium().newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

    const response = await page.goto(`${fixture.server().url}/`);
    expect(response?.status()).toBe(200);

    // One partial outage (email) among operational components: "some partial" → minor.
    const banner = page.locator('h1.banner');
    expect((await banner.innerText()).trim()).toBe('Minor Service Outage');
    expect(await banner.getAttribute('data-indicator')).toBe('minor');

    // The Notifications group is open because Email delivery is not operational.
    const email = page.locator('[data-component="email"]');
    expect(await email.isVisible()).toBe(true);
    expect((await email.locator('.status').innerText()).trim()).toBe('Partial outage');
    // Icons draw the sprite's shapes (a dangling reference draws nothing), 16 px, in the status colour.
    const icon = email.locator('.status svg');
    const shape = await icon.locator('use').evaluate((u) => {
      const b = (u as SVGGraphicsElement).getBBox();
      return { width: b.width, height: b.height };
    });
    expect(shape.width).toBeGreaterThan(10);
    expect(shape.height).toBeGreaterThan(10);
    expect((await icon.boundingBox())!.width).toBe(16);
    expect(await icon.evaluate((s) => getComputedStyle(s).color)).toBe(await email.locator('.status').evaluate((s) => getComputedStyle(s).color));
    expect((await page.locator('.icon-sprite').boundingBox())?.height ?? 0).toBe(0);
    // 90 days: quiet ones in run paths, the others a bar each; the last is today, in partial outage.
    expect(await daysDrawn(email.locator('.bars svg'))).toBe(90);
    const today = email.locator('.bars svg rect').last();
    expect(await today.getAttribute('data-level')).toBe('partial_outage');
    expect(await today.locator('title').textContent()).toMatch(/partial outage/);
    const box = await email.locator('.bars svg').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    // Today's bar sits at the right end and is as tall as the chart; the runs are painted green.
    const bar = await today.boundingBox();
    expect(bar!.x + bar!.width).toBeCloseTo(box!.x + box!.width, 0);
    expect(bar!.height).toBeCloseTo(box!.height, 0);
    const green = await email.locator('.bars svg path[data-level="operational"]').evaluate((p) => getComputedStyle(p).stroke);
    expect(green).toMatch(/^rgb/);
    expect(green).not.toBe(await today.evaluate((r) => getComputedStyle(r).fill));

    // Collapsed groups still show their own bars.
    const core = page.locator('[data-component="core-platform"]');
    expect(await core.locator('details.members').getAttribute('open')).toBeNull();
    expect(await daysDrawn(core.locator('.bars svg').first())).toBe(90);
    expect(await core.locator('[data-component="api"]').isVisible()).toBe(false);
    await core.locator('summary').click();
    expect(await core.locator('[data-component="api"]').isVisible()).toBe(true);

    await page.screenshot({ path: `${ARTIFACTS}home.png`, fullPage: true });

    const link = page.locator('section[aria-labelledby="open-incidents"] article h3 a').first();
    const title = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL(/\/incidents\/[0-9a-z]{12}$/);
    expect((await page.locator('h1').innerText()).trim()).toBe(title);
    expect(await page.locator('.timeline > li').count()).toBe(2);
    expect(await page.locator('.timeline > li').first().getAttribute('data-status')).toBe('identified');
    await page.screenshot({ path: `${ARTIFACTS}incident.png`, fullPage: true });

    expect(errors).toEqual([]);
  });

  it('is readable on a phone in dark mode', async () => {
    const page = await chromium().newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto(`${fixture.server().url}/`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(18, 21, 27)');
    await page.screenshot({ path: `${ARTIFACTS}home-phone-dark.png`, fullPage: true });
  });
});
